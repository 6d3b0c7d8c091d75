//! Payment behaviour and the contact plan (domain.md §3).
//!
//! An olive-oil supplier split its customers into three and planned its
//! visits and calls by it, and its average revenue per customer rose 30%:
//! - **blooming** (bloeiend): order every month and pay on time: visit
//!   monthly, call weekly;
//! - **engaging** (boeiend): lower margins, but a good name and connections:
//!   visit every two months, call every two to three weeks;
//! - **tiresome** (vermoeiend): complaints, and you chase your money: visit
//!   only when nearby, call when there is time left.
//!
//! The app can see three of those things in an invoice file: how often a
//! customer orders (its [rhythm](super::rhythm)), its margin, and, when the
//! file has a due date and a paid date per invoice, whether it pays on time
//! (without a paid date, an open amount per invoice says which are open;
//! the others count as paid on their due date: only open invoices can be
//! late then).
//! It cannot see complaints, a good name or connections. So:
//! - **blooming**: an active customer whose usual interval between orders is
//!   at most [`MONTHLY_DAYS`] and who is not quieter than that, and who
//!   pays on time ([`Payer::OnTime`]);
//! - **tiresome**: an active customer you chase for money ([`Payer::Chasing`]);
//! - **engaging**: a key customer (see [`is_key`](super::trend::is_key))
//!   with a margin below the median, neither of the other two: the lower
//!   margin is in the file, whether the name and connections are worth it is
//!   the user's call (the app says so);
//! - everyone else has no fixed plan: the call plan says when to call them.
//!
//! Payment behaviour is judged on the invoices (rows with revenue > 0 and a
//! due date) dated in the window, on the reference day R. An invoice is
//! *late* when it was paid more than [`GRACE_DAYS`] after its due date, or
//! is still open at R more than [`GRACE_DAYS`] after it (paid after R counts
//! as open at R). A customer pays on time with at most one late invoice in
//! ten ([`ON_TIME_LATE_IN`]: one slip in a year of weekly orders is still
//! "neatly on time") and none open past the grace at R; you chase it with at
//! least two late invoices making up a quarter or more of its invoices, or
//! with an invoice open more than [`LONG_OVERDUE_DAYS`] past its due date at
//! R; in between it is sometimes late.

use serde::{Deserialize, Serialize};

use super::calendar::Day;
use super::dataset::{CustomerId, Dataset, Facts, Payments, Transactions};
use super::lang::Lang;
use super::rhythm::{Cadence, Rhythm};

/// Days after the due date that still count as on time (a payment run, a
/// bank holiday).
pub const GRACE_DAYS: Day = 7;

/// On time: at most one late invoice in this many.
pub const ON_TIME_LATE_IN: u32 = 10;

/// An invoice still open this many days past its due date makes a
/// customer one you chase, however few its invoices.
pub const LONG_OVERDUE_DAYS: Day = 30;

/// "Orders every month": a usual interval between orders of at most this
/// many days (a month, give or take a weekend).
pub const MONTHLY_DAYS: u32 = 35;

/// How one customer paid the invoices of the window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentRecord {
    /// Invoices dated in the window with revenue > 0 and a due date.
    pub invoices: u32,
    /// Of those, paid late, or open and past due by more than the grace.
    pub late: u32,
    /// The most days past its due date of an invoice still open at R (0: none).
    pub overdue_days: Day,
}

/// What the payment record says about a customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Payer {
    /// At most one late invoice in ten, and none open past the grace.
    OnTime,
    /// Late now and then.
    SometimesLate,
    /// Often late, or long overdue: you chase your money.
    Chasing,
}

impl PaymentRecord {
    /// The customer's payment behaviour; `None` without invoices to judge.
    pub fn payer(&self) -> Option<Payer> {
        if self.invoices == 0 {
            None
        } else if self.overdue_days > LONG_OVERDUE_DAYS
            || (self.late >= 2 && self.late * 4 >= self.invoices)
        {
            Some(Payer::Chasing)
        } else if self.late * ON_TIME_LATE_IN <= self.invoices && self.overdue_days <= GRACE_DAYS {
            Some(Payer::OnTime)
        } else {
            Some(Payer::SometimesLate)
        }
    }

    fn add(&mut self, due: Day, paid: Option<Day>, reference: Day) {
        self.invoices += 1;
        let settled = paid.filter(|&p| p <= reference).unwrap_or(reference);
        if settled - due > GRACE_DAYS {
            self.late += 1;
        }
        if paid.is_none_or(|p| p > reference) {
            self.overdue_days = self.overdue_days.max(reference - due);
        }
    }
}

/// Whether the dataset has due and paid dates (see [`records`]).
pub fn has_records(dataset: &Dataset) -> bool {
    payments(dataset).is_some()
}

/// Every customer's payment record (indexed by [`CustomerId`]) over the
/// invoices dated after `start` and on or before `reference`; `None` when
/// the dataset has no due and paid dates.
pub fn records(dataset: &Dataset, start: Day, reference: Day) -> Option<Vec<PaymentRecord>> {
    let (t, p) = payments(dataset)?;
    let mut out = vec![PaymentRecord::default(); dataset.customers.len()];
    let rows = t.customer.iter().zip(&t.day).zip(&t.revenue);
    for (((&id, &day), &revenue), (&due, &paid)) in rows.zip(p.due.iter().zip(&p.paid)) {
        if revenue <= 0 || day <= start || day > reference {
            continue;
        }
        if let (Some(due), Some(r)) = (due, out.get_mut(id as usize)) {
            r.add(due, paid, reference);
        }
    }
    Some(out)
}

/// An invoice file's transactions and their due and paid dates, if it has them.
fn payments(dataset: &Dataset) -> Option<(&Transactions, &Payments)> {
    let Facts::Transactions(t) = &dataset.facts else {
        return None;
    };
    Some((t, t.payments.as_ref()?))
}

/// The contact plan of one customer (see the module doc).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ContactPlan {
    /// Orders every month and pays on time: visit monthly, call weekly.
    Blooming,
    /// A key customer with a lower margin: visit every two months, call
    /// every two to three weeks, if its name and connections are worth it.
    Engaging,
    /// You chase your money: visit when nearby, call when there is time left.
    Tiresome,
}

/// What the plan of one customer is decided on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlanGrounds {
    /// An active customer (only they get a plan).
    pub active: bool,
    /// Its payment behaviour, if there are invoices to judge.
    pub payer: Option<Payer>,
    /// Its purchase rhythm, if it has one.
    pub rhythm: Option<Rhythm>,
    /// A key customer.
    pub key_customer: bool,
    /// Its margin (basis points), when the file has profit.
    pub margin_bp: Option<i32>,
    /// The median margin of the active customers (basis points).
    pub median_margin_bp: Option<i32>,
}

impl ContactPlan {
    /// All three, in the order the app lists them.
    pub const ALL: [ContactPlan; 3] = [
        ContactPlan::Blooming,
        ContactPlan::Engaging,
        ContactPlan::Tiresome,
    ];

    /// The plan of a customer on these grounds; `None`: no fixed plan.
    pub fn of(g: PlanGrounds) -> Option<ContactPlan> {
        if !g.active {
            return None;
        }
        if g.payer == Some(Payer::Chasing) {
            return Some(ContactPlan::Tiresome);
        }
        let monthly = g
            .rhythm
            .is_some_and(|r| r.interval <= MONTHLY_DAYS && r.cadence != Cadence::Silent);
        if monthly && g.payer == Some(Payer::OnTime) {
            return Some(ContactPlan::Blooming);
        }
        let lower_margin =
            matches!((g.margin_bp, g.median_margin_bp), (Some(m), Some(median)) if m < median);
        (g.key_customer && lower_margin).then_some(ContactPlan::Engaging)
    }

    /// A stable machine key (select values, test ids).
    pub fn key(self) -> &'static str {
        match self {
            ContactPlan::Blooming => "blooming",
            ContactPlan::Engaging => "engaging",
            ContactPlan::Tiresome => "tiresome",
        }
    }

    /// The plan with this [`key`](ContactPlan::key).
    pub fn from_key(key: &str) -> Option<ContactPlan> {
        ContactPlan::ALL.into_iter().find(|p| p.key() == key)
    }

    /// The plan's name.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ContactPlan::Blooming => lang.pick("bloeiend", "blooming"),
            ContactPlan::Engaging => lang.pick("boeiend", "engaging"),
            ContactPlan::Tiresome => lang.pick("vermoeiend", "tiresome"),
        }
    }

    /// How often to visit.
    pub fn visits(self, lang: Lang) -> &'static str {
        match self {
            ContactPlan::Blooming => lang.pick("elke maand", "every month"),
            ContactPlan::Engaging => lang.pick("om de twee maanden", "every two months"),
            ContactPlan::Tiresome => {
                lang.pick("alleen als je in de buurt bent", "only when nearby")
            }
        }
    }

    /// How often to call.
    pub fn calls(self, lang: Lang) -> &'static str {
        match self {
            ContactPlan::Blooming => lang.pick("elke week", "every week"),
            ContactPlan::Engaging => {
                lang.pick("om de twee à drie weken", "every two to three weeks")
            }
            ContactPlan::Tiresome => lang.pick("als er tijd over is", "when there is time left"),
        }
    }
}

/// The contact plan of the active customers, counted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactCounts {
    /// Blooming customers.
    pub blooming: u32,
    /// Engaging customers.
    pub engaging: u32,
    /// Tiresome customers.
    pub tiresome: u32,
    /// Active customers without a late invoice.
    pub on_time: u32,
    /// Active customers late now and then.
    pub sometimes_late: u32,
    /// Active customers you chase for money.
    pub chasing: u32,
    /// Active customers without an invoice with a due date in the window.
    pub unknown: u32,
}

impl ContactCounts {
    /// Counts one active customer.
    pub fn add(&mut self, plan: Option<ContactPlan>, payer: Option<Payer>) {
        match plan {
            Some(ContactPlan::Blooming) => self.blooming += 1,
            Some(ContactPlan::Engaging) => self.engaging += 1,
            Some(ContactPlan::Tiresome) => self.tiresome += 1,
            None => {}
        }
        match payer {
            Some(Payer::OnTime) => self.on_time += 1,
            Some(Payer::SometimesLate) => self.sometimes_late += 1,
            Some(Payer::Chasing) => self.chasing += 1,
            None => self.unknown += 1,
        }
    }

    /// How many customers have this plan.
    pub fn of(&self, plan: ContactPlan) -> u32 {
        match plan {
            ContactPlan::Blooming => self.blooming,
            ContactPlan::Engaging => self.engaging,
            ContactPlan::Tiresome => self.tiresome,
        }
    }

    /// Visits a month the plan asks for: one per blooming customer, one per
    /// two engaging customers (rounded up).
    pub fn visits_per_month(&self) -> u32 {
        self.blooming + self.engaging.div_ceil(2)
    }

    /// Calls a week the plan asks for: one per blooming customer, one per
    /// engaging customer every two and a half weeks (2 per 5, rounded up).
    pub fn calls_per_week(&self) -> u32 {
        self.blooming + (self.engaging * 2).div_ceil(5)
    }
}

/// A customer's payment record, when it has invoices to judge.
pub fn record_of(records: Option<&[PaymentRecord]>, id: CustomerId) -> Option<PaymentRecord> {
    records
        .and_then(|r| r.get(id as usize))
        .copied()
        .filter(|r| r.invoices > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(rows: &[(Day, Option<Day>)], reference: Day) -> PaymentRecord {
        let mut r = PaymentRecord::default();
        for &(due, paid) in rows {
            r.add(due, paid, reference);
        }
        r
    }

    #[test]
    fn late_means_more_than_the_grace_after_the_due_date() {
        // Paid 7 days late: on time; 8 days: late.
        let r = record(&[(100, Some(107)), (100, Some(90))], 200);
        assert_eq!((r.invoices, r.late, r.overdue_days), (2, 0, 0));
        assert_eq!(r.payer(), Some(Payer::OnTime));
        let r = record(
            &[
                (100, Some(108)),
                (100, Some(90)),
                (100, Some(95)),
                (100, Some(99)),
                (100, Some(100)),
            ],
            200,
        );
        assert_eq!((r.invoices, r.late), (5, 1));
        assert_eq!(r.payer(), Some(Payer::SometimesLate));
    }

    #[test]
    fn on_time_allows_one_late_invoice_in_ten() {
        let late = (100, Some(130));
        let ok = (100, Some(100));
        let mut rows = vec![late];
        rows.extend([ok; 9]);
        // 1 of 10 late: on time.
        assert_eq!(record(&rows, 200).payer(), Some(Payer::OnTime));
        // 1 of 9: sometimes late.
        rows.pop();
        assert_eq!(record(&rows, 200).payer(), Some(Payer::SometimesLate));
        // 2 of 20: on time; 3 of 20: sometimes late.
        let mut rows = vec![late, late];
        rows.extend([ok; 18]);
        assert_eq!(record(&rows, 200).payer(), Some(Payer::OnTime));
        rows[2] = late;
        assert_eq!(record(&rows, 200).payer(), Some(Payer::SometimesLate));
        // An invoice open past the grace now is not on time, however few.
        let mut rows = vec![ok; 19];
        rows.push((190, None));
        let r = record(&rows, 200);
        assert_eq!((r.late, r.overdue_days), (1, 10));
        assert_eq!(r.payer(), Some(Payer::SometimesLate));
    }

    #[test]
    fn open_invoices_count_on_the_reference_day() {
        // Open, 7 days past due at R: not late yet.
        let r = record(&[(193, None)], 200);
        assert_eq!((r.late, r.overdue_days), (0, 7));
        assert_eq!(r.payer(), Some(Payer::OnTime));
        // Paid after R: open at R, 20 days past due.
        let r = record(&[(180, Some(260))], 200);
        assert_eq!((r.late, r.overdue_days), (1, 20));
        assert_eq!(r.payer(), Some(Payer::SometimesLate));
        // Open 31 days past due: chasing, whatever else.
        let mut rows = vec![(100, Some(100)); 20];
        rows.push((169, None));
        let r = record(&rows, 200);
        assert_eq!((r.invoices, r.late, r.overdue_days), (21, 1, 31));
        assert_eq!(r.payer(), Some(Payer::Chasing));
        // 30 days: only late.
        rows.pop();
        rows.push((170, None));
        assert_eq!(record(&rows, 200).payer(), Some(Payer::SometimesLate));
    }

    #[test]
    fn chasing_is_two_late_invoices_and_a_quarter() {
        let late = (100, Some(130));
        let ok = (100, Some(100));
        // 2 of 8 late: a quarter.
        let r = record(&[late, late, ok, ok, ok, ok, ok, ok], 200);
        assert_eq!(r.payer(), Some(Payer::Chasing));
        // 2 of 9: less than a quarter.
        let r = record(&[late, late, ok, ok, ok, ok, ok, ok, ok], 200);
        assert_eq!(r.payer(), Some(Payer::SometimesLate));
        // 1 of 1: one late invoice is not yet "often".
        assert_eq!(record(&[late], 200).payer(), Some(Payer::SometimesLate));
        assert_eq!(PaymentRecord::default().payer(), None);
    }

    fn grounds() -> PlanGrounds {
        PlanGrounds {
            active: true,
            payer: Some(Payer::OnTime),
            rhythm: Some(Rhythm {
                interval: 30,
                expected: 0,
                cadence: Cadence::OnSchedule,
            }),
            key_customer: false,
            margin_bp: None,
            median_margin_bp: None,
        }
    }

    #[test]
    fn plans() {
        let g = grounds();
        assert_eq!(ContactPlan::of(g), Some(ContactPlan::Blooming));
        let with = |f: &dyn Fn(&mut PlanGrounds)| {
            let mut g = grounds();
            f(&mut g);
            ContactPlan::of(g)
        };
        assert_eq!(with(&|g| g.active = false), None);
        assert_eq!(
            with(&|g| g.payer = Some(Payer::Chasing)),
            Some(ContactPlan::Tiresome)
        );
        assert_eq!(with(&|g| g.payer = Some(Payer::SometimesLate)), None);
        assert_eq!(with(&|g| g.payer = None), None);
        assert_eq!(
            with(&|g| g.rhythm.as_mut().unwrap().interval = 35),
            Some(ContactPlan::Blooming)
        );
        assert_eq!(with(&|g| g.rhythm.as_mut().unwrap().interval = 36), None);
        assert_eq!(
            with(&|g| g.rhythm.as_mut().unwrap().cadence = Cadence::Silent),
            None
        );
        assert_eq!(
            with(&|g| g.rhythm.as_mut().unwrap().cadence = Cadence::Due),
            Some(ContactPlan::Blooming)
        );
        assert_eq!(with(&|g| g.rhythm = None), None);
        // Engaging: a key customer below the median margin, not blooming.
        let engaging = |g: &mut PlanGrounds| {
            g.rhythm = None;
            g.key_customer = true;
            g.margin_bp = Some(2_499);
            g.median_margin_bp = Some(2_500);
        };
        assert_eq!(with(&engaging), Some(ContactPlan::Engaging));
        assert_eq!(
            with(&|g| {
                engaging(g);
                g.margin_bp = Some(2_500)
            }),
            None
        );
        assert_eq!(
            with(&|g| {
                engaging(g);
                g.key_customer = false
            }),
            None
        );
        assert_eq!(
            with(&|g| {
                engaging(g);
                g.median_margin_bp = None
            }),
            None
        );
        assert_eq!(
            with(&|g| {
                engaging(g);
                g.payer = Some(Payer::Chasing)
            }),
            Some(ContactPlan::Tiresome)
        );
        // Blooming wins over engaging.
        assert_eq!(
            with(&|g| {
                engaging(g);
                g.rhythm = grounds().rhythm
            }),
            Some(ContactPlan::Blooming)
        );
    }

    #[test]
    fn workload() {
        let c = ContactCounts {
            blooming: 10,
            engaging: 5,
            ..ContactCounts::default()
        };
        assert_eq!(c.visits_per_month(), 13);
        assert_eq!(c.calls_per_week(), 12);
        for p in ContactPlan::ALL {
            assert_eq!(ContactPlan::from_key(p.key()), Some(p));
        }
    }
}
