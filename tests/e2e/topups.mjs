// Buying a top-up in the end-to-end tests.
//
// ITT answers create-topup-booking either with a hosted payment page or only
// {"Status": "Success"}; the sandbox picks one per top-up booking (digit 8 of
// its layout seed, see server/src/sandbox/layout.rs), so a test meets either
// and must finish both: pay on the sandbox's page, or let the widget follow
// the history until the top-up shows.

/** Which answer a pressed Buy got: `"payment-page"` (the page is opening) or `"requested"`. */
export async function topUpAnswer(page, card) {
  return Promise.race([
    page.waitForURL(/\/sandbox\/checkout\//, { timeout: 20000 }).then(() => "payment-page"),
    card.locator("[data-topup-status]").filter({ hasText: "Top-up requested." })
      .waitFor({ timeout: 20000 }).then(() => "requested"),
  ]);
}

/**
 * Finishes a top-up after `topUpAnswer`: on the payment page `pay()` pays and
 * the traveller comes back to `/`; otherwise the widget reads the history
 * (every 4 s, 8 times at most) until the new top-up shows.
 */
export async function finishTopUp(page, card, shape, pay = () => page.click("button.pay")) {
  if (shape === "payment-page") {
    await Promise.all([page.waitForURL((u) => u.pathname === "/"), pay()]);
  } else {
    await card.locator("[data-topup-status]").filter({ hasText: "Your top-up has been added." })
      .waitFor({ timeout: 45000 });
  }
}
