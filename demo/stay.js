// demo/stay.html: the hotel's own script, the kind every room page has (a photo
// gallery, an availability calendar, a price that follows the dates, a "read more").
// A plain deferred file, so the page keeps its strict Content-Security-Policy; it
// does a little DOM work at start-up, as host pages do, and knows nothing of the widget.
(function () {
  "use strict";

  // Gallery: a thumbnail shows another part of the hero photo (no new download).
  var hero = document.querySelector(".stay-hero__img");
  var thumbs = document.querySelectorAll(".stay-thumb");
  thumbs.forEach(function (thumb, i) {
    thumb.addEventListener("click", function () {
      thumbs.forEach(function (t) { t.setAttribute("aria-pressed", String(t === thumb)); });
      hero.classList.remove("is-view-2", "is-view-3", "is-view-4");
      if (i > 0) hero.classList.add("is-view-" + (i + 1));
    });
  });

  // "Read more".
  var more = document.getElementById("stay-more");
  var toggle = document.getElementById("stay-more-toggle");
  toggle.addEventListener("click", function () {
    var open = more.hidden;
    more.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = open ? "Read less" : "Read more";
  });

  // Price: nights between the dates times the nightly rate.
  var total = document.getElementById("stay-total");
  var nightsNote = document.getElementById("stay-nights");
  var nightly = Number(total.dataset.nightly);
  var money = new Intl.NumberFormat("en-GB", { style: "currency", currency: "THB", currencyDisplay: "code", maximumFractionDigits: 0 });
  function price(nights) {
    total.textContent = money.format(nights * nightly).replace(/\u00a0/g, " ");
    nightsNote.textContent = nights + (nights === 1 ? " night" : " nights") + ", taxes included";
  }

  // Availability calendar for the month, Monday first; a click picks the check-out day.
  var grid = document.getElementById("stay-calendar");
  var year = Number(grid.dataset.year), month = Number(grid.dataset.month) - 1;
  var checkIn = Number(grid.dataset.checkIn), checkOut = Number(grid.dataset.checkOut);
  var days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  var lead = (new Date(Date.UTC(year, month, 1)).getUTCDay() + 6) % 7;
  // A few nights already sold out, from a seeded pattern (the same on every visit).
  var soldOut = {};
  for (var seed = 7, n = 0; n < 5; n++) { seed = (seed * 1103515245 + 12345) % 2147483648; soldOut[15 + (seed % 16)] = true; }
  var fragment = document.createDocumentFragment();
  ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"].forEach(function (name) {
    var head = document.createElement("span");
    head.className = "stay-day stay-day--head";
    head.textContent = name;
    fragment.appendChild(head);
  });
  for (var pad = 0; pad < lead; pad++) fragment.appendChild(document.createElement("span"));
  var cells = [];
  for (var d = 1; d <= days; d++) {
    var cell = document.createElement("button");
    cell.type = "button";
    cell.className = "stay-day";
    cell.textContent = String(d);
    cell.dataset.day = String(d);
    var date = new Date(Date.UTC(year, month, d));
    cell.setAttribute("aria-label", date.toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" }) +
      (soldOut[d] ? ", sold out" : ""));
    if (soldOut[d] || d <= checkIn) cell.disabled = true;
    cells.push(cell);
    fragment.appendChild(cell);
  }
  grid.appendChild(fragment);
  function paint() {
    cells.forEach(function (c, i) {
      var day = i + 1;
      c.classList.toggle("stay-day--edge", day === checkIn || day === checkOut);
      c.classList.toggle("stay-day--in", day > checkIn && day < checkOut);
      c.setAttribute("aria-pressed", String(day === checkOut));
    });
    price(checkOut - checkIn);
  }
  grid.addEventListener("click", function (e) {
    var day = Number(e.target.dataset && e.target.dataset.day);
    if (!day || e.target.disabled) return;
    for (var k = checkIn + 1; k < day; k++) if (soldOut[k]) return; // the stay may not cross a sold-out night
    checkOut = day;
    paint();
  });
  paint();

  // Reserve: the booking flow itself is not part of the demo.
  var status = document.getElementById("stay-status");
  document.getElementById("stay-reserve").addEventListener("click", function () {
    status.textContent = "Demo page: reservations are not taken here.";
  });
})();
