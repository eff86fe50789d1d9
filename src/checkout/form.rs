//! The traveller's details: what they typed, checked field by field, and kept
//! (briefly) so a reload or a failed payment never loses them.

use super::calling_codes;
use crate::stored;

/// Most eSIMs one booking may hold (one per traveller's phone).
pub const MAX_QUANTITY: u32 = 10;

/// How long typed details are kept in session storage, in milliseconds.
pub const KEEP_MS: f64 = 60.0 * 60.0 * 1000.0;

/// The form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ContactForm {
    /// Full name.
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// Country whose calling code the phone number uses (ISO code).
    pub phone_country: String,
    /// Phone number without the calling code.
    pub phone: String,
    /// Number of eSIMs, as typed.
    pub quantity: String,
}

/// A form field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// Full name.
    Name,
    /// E-mail.
    Email,
    /// Phone number (with its country).
    Phone,
    /// Number of eSIMs.
    Quantity,
}

/// What is wrong with a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Problem {
    /// Nothing typed.
    Missing,
    /// Name: fewer than two letters.
    NameTooShort,
    /// E-mail: not `name@domain.tld`.
    EmailInvalid,
    /// Phone: letters or other characters that are not a phone number.
    PhoneInvalid,
    /// Phone: too few digits.
    PhoneTooShort,
    /// Phone: too many digits.
    PhoneTooLong,
    /// Phone: no country (calling code) chosen.
    PhoneCountry,
    /// Quantity outside 1 to [`MAX_QUANTITY`].
    QuantityRange,
}

/// How to reach the traveller, checked: what a top-up asks for (no name, no quantity).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reach {
    /// E-mail, trimmed.
    pub email: String,
    /// Calling code with `+`, e.g. `+66`.
    pub isd_code: String,
    /// Digits of the number, national trunk `0` removed.
    pub number: String,
}

/// Checked details, ready for ITT.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    /// Given names (the whole name for a single-word name).
    pub first_name: String,
    /// Family name (the whole name for a single-word name).
    pub last_name: String,
    /// E-mail, trimmed.
    pub email: String,
    /// Calling code with `+`, e.g. `+66`.
    pub isd_code: String,
    /// Digits of the number, national trunk `0` removed.
    pub number: String,
    /// eSIMs to book.
    pub quantity: u32,
}

fn name_problem(name: &str) -> Option<Problem> {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    if name.trim().is_empty() {
        Some(Problem::Missing)
    } else if letters < 2 {
        Some(Problem::NameTooShort)
    } else {
        None
    }
}

fn email_problem(email: &str) -> Option<Problem> {
    let email = email.trim();
    if email.is_empty() {
        return Some(Problem::Missing);
    }
    let ok = email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
                && domain
                    .rsplit('.')
                    .next()
                    .is_some_and(|tld| tld.chars().count() >= 2)
        });
    (!ok).then_some(Problem::EmailInvalid)
}

/// The digits of a phone number as people write it (`081-234 5678`, `(0)81 234`),
/// or what is wrong with it. A leading `+` and calling code are taken off when
/// they match the chosen country's.
fn phone_digits(phone: &str, calling_code: &str) -> Result<String, Problem> {
    let phone = phone.trim();
    if phone.is_empty() {
        return Err(Problem::Missing);
    }
    if phone
        .chars()
        .any(|c| !(c.is_ascii_digit() || " -.()/+".contains(c)))
    {
        return Err(Problem::PhoneInvalid);
    }
    let mut digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if phone.starts_with('+') || phone.starts_with("00") {
        let without = digits.strip_prefix("00").unwrap_or(&digits);
        match without.strip_prefix(calling_code) {
            Some(rest) => digits = rest.to_string(),
            None => return Err(Problem::PhoneCountry),
        }
    }
    // The national trunk prefix is not dialled from abroad, except in Italy, San
    // Marino and the Vatican, where the leading 0 is part of the number.
    let digits = if matches!(calling_code, "39" | "378" | "379") {
        digits
    } else {
        digits.trim_start_matches('0').to_string()
    };
    match digits.len() {
        0..=3 => Err(Problem::PhoneTooShort),
        4..=14 => Ok(digits),
        _ => Err(Problem::PhoneTooLong),
    }
}

impl ContactForm {
    /// Every problem, in field order (empty when the form can be sent).
    pub fn problems(&self) -> Vec<(Field, Problem)> {
        let mut out = Vec::new();
        if let Some(p) = name_problem(&self.name) {
            out.push((Field::Name, p));
        }
        out.extend(self.reach_problems());
        if !matches!(self.quantity.trim().parse::<u32>(), Ok(1..=MAX_QUANTITY)) {
            out.push((Field::Quantity, Problem::QuantityRange));
        }
        out
    }

    /// Problems with the e-mail and the phone only, in field order (the
    /// checkout's own checks, for forms that ask nothing else).
    pub fn reach_problems(&self) -> Vec<(Field, Problem)> {
        let mut out = Vec::new();
        if let Some(p) = email_problem(&self.email) {
            out.push((Field::Email, p));
        }
        match calling_codes::for_country(&self.phone_country) {
            None => out.push((Field::Phone, Problem::PhoneCountry)),
            Some(code) => {
                if let Err(p) = phone_digits(&self.phone, code) {
                    out.push((Field::Phone, p));
                }
            }
        }
        out
    }

    /// The checked e-mail and phone, or their problems (name and quantity are not looked at).
    pub fn reach(&self) -> Result<Reach, Vec<(Field, Problem)>> {
        let problems = self.reach_problems();
        if !problems.is_empty() {
            return Err(problems);
        }
        let code = calling_codes::for_country(&self.phone_country).unwrap_or_default();
        Ok(Reach {
            email: self.email.trim().to_string(),
            isd_code: format!("+{code}"),
            number: phone_digits(&self.phone, code).unwrap_or_default(),
        })
    }

    /// The checked details, or every problem.
    pub fn validate(&self) -> Result<Contact, Vec<(Field, Problem)>> {
        let problems = self.problems();
        if !problems.is_empty() {
            return Err(problems);
        }
        let reach = self.reach()?;
        let name = self.name.split_whitespace().collect::<Vec<_>>();
        let (first, last) = match name.split_last() {
            Some((last, first)) if !first.is_empty() => (first.join(" "), last.to_string()),
            _ => (name.join(" "), name.join(" ")),
        };
        Ok(Contact {
            first_name: first,
            last_name: last,
            email: reach.email,
            isd_code: reach.isd_code,
            number: reach.number,
            quantity: self.quantity.trim().parse().unwrap_or(1),
        })
    }

    /// One line for session storage, expiring at `now_ms + KEEP_MS`.
    pub fn encode(&self, now_ms: f64) -> String {
        let expires = ((now_ms + KEEP_MS) as u64).to_string();
        stored::line(
            "c1",
            [
                expires.as_str(),
                &self.name,
                &self.email,
                &self.phone_country,
                &self.phone,
                &self.quantity,
            ],
        )
    }

    /// Reads [`ContactForm::encode`]; `None` when expired or unreadable.
    pub fn decode(line: &str, now_ms: f64) -> Option<ContactForm> {
        let p = stored::fields(line, "c1", 6)?;
        let expires: u64 = p[0].parse().ok()?;
        if (expires as f64) < now_ms {
            return None;
        }
        Some(ContactForm {
            name: p[1].into(),
            email: p[2].into(),
            phone_country: p[3].into(),
            phone: p[4].into(),
            quantity: p[5].into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> ContactForm {
        ContactForm {
            name: "Ana María López".into(),
            email: " ana@example.com ".into(),
            phone_country: "TH".into(),
            phone: "081-234 5678".into(),
            quantity: "2".into(),
        }
    }

    #[test]
    fn a_good_form_becomes_contact_details() {
        let c = good().validate().unwrap();
        assert_eq!(
            (c.first_name.as_str(), c.last_name.as_str()),
            ("Ana María", "López")
        );
        assert_eq!(c.email, "ana@example.com");
        assert_eq!(
            (c.isd_code.as_str(), c.number.as_str()),
            ("+66", "812345678")
        );
        assert_eq!(c.quantity, 2);
        let single = ContactForm {
            name: "Sukarno".into(),
            ..good()
        };
        let c = single.validate().unwrap();
        assert_eq!(
            (c.first_name.as_str(), c.last_name.as_str()),
            ("Sukarno", "Sukarno")
        );
    }

    #[test]
    fn phone_numbers_as_people_write_them() {
        assert_eq!(
            phone_digits("+66 81 234 5678", "66"),
            Ok("812345678".into())
        );
        assert_eq!(phone_digits("0066812345678", "66"), Ok("812345678".into()));
        assert_eq!(
            phone_digits("(0)20 7946 0958", "44"),
            Ok("2079460958".into())
        );
        assert_eq!(
            phone_digits("+44 20 7946 0958", "66"),
            Err(Problem::PhoneCountry)
        );
        assert_eq!(phone_digits("call me", "66"), Err(Problem::PhoneInvalid));
        assert_eq!(phone_digits("123", "66"), Err(Problem::PhoneTooShort));
        assert_eq!(
            phone_digits("1234567890123456", "66"),
            Err(Problem::PhoneTooLong)
        );
        assert_eq!(phone_digits("  ", "66"), Err(Problem::Missing));
    }

    #[test]
    fn every_field_says_what_is_wrong() {
        let bad = ContactForm {
            name: "A".into(),
            email: "ana@localhost".into(),
            phone_country: String::new(),
            phone: "12345".into(),
            quantity: "11".into(),
        };
        assert_eq!(
            bad.problems(),
            [
                (Field::Name, Problem::NameTooShort),
                (Field::Email, Problem::EmailInvalid),
                (Field::Phone, Problem::PhoneCountry),
                (Field::Quantity, Problem::QuantityRange),
            ]
        );
        let empty = ContactForm::default();
        assert_eq!(empty.problems()[0], (Field::Name, Problem::Missing));
        for email in [
            "a@b", "a b@c.de", "@c.de", "a@.de", "a@c.d", "a@@c.de", "a@c..de",
        ] {
            assert_eq!(email_problem(email), Some(Problem::EmailInvalid), "{email}");
        }
        for email in ["a@c.de", "first.last+tag@sub.example.co.uk"] {
            assert_eq!(email_problem(email), None, "{email}");
        }
        for q in ["0", "-1", "two", ""] {
            let f = ContactForm {
                quantity: q.into(),
                ..good()
            };
            assert_eq!(
                f.problems(),
                [(Field::Quantity, Problem::QuantityRange)],
                "{q}"
            );
        }
    }

    #[test]
    fn reach_checks_only_the_email_and_phone() {
        let topup = ContactForm {
            name: String::new(),
            quantity: String::new(),
            ..good()
        };
        assert_eq!(
            topup.reach(),
            Ok(Reach {
                email: "ana@example.com".into(),
                isd_code: "+66".into(),
                number: "812345678".into(),
            })
        );
        let bad = ContactForm {
            email: "ana@".into(),
            phone_country: String::new(),
            ..topup
        };
        assert_eq!(
            bad.reach(),
            Err(vec![
                (Field::Email, Problem::EmailInvalid),
                (Field::Phone, Problem::PhoneCountry)
            ])
        );
        // The same checks as the checkout's, field for field.
        let checkout: Vec<_> = bad
            .problems()
            .into_iter()
            .filter(|(f, _)| matches!(f, Field::Email | Field::Phone))
            .collect();
        assert_eq!(checkout, bad.reach_problems());
    }

    #[test]
    fn kept_for_an_hour() {
        let now = 1_800_000_000_000.0;
        let line = good().encode(now);
        assert_eq!(ContactForm::decode(&line, now + 1000.0), Some(good()));
        assert_eq!(ContactForm::decode(&line, now + KEEP_MS + 1.0), None);
        assert_eq!(ContactForm::decode("junk", now), None);
    }
}
