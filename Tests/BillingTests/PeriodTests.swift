import Billing
import Foundation
import Testing

@Suite struct PeriodTests {
  let utc = BillingCalendar.utc

  @Test func R5_jan31AnchorThroughLeapFebruary() {
    let anchor = Fixture.utc(2028, 1, 31, 10)
    #expect(utc.periodEnd(anchor: anchor, index: 0) == Fixture.utc(2028, 2, 29, 10))
    #expect(utc.periodEnd(anchor: anchor, index: 1) == Fixture.utc(2028, 3, 31, 10))
    #expect(utc.periodEnd(anchor: anchor, index: 2) == Fixture.utc(2028, 4, 30, 10))
    #expect(utc.periodEnd(anchor: anchor, index: 3) == Fixture.utc(2028, 5, 31, 10))
    #expect(utc.periodStart(anchor: anchor, index: 1) == Fixture.utc(2028, 2, 29, 10))
  }

  @Test func R5_jan31AnchorInACommonYear() {
    let anchor = Fixture.utc(2027, 1, 31, 10)
    #expect(utc.periodEnd(anchor: anchor, index: 0) == Fixture.utc(2027, 2, 28, 10))
    #expect(utc.periodEnd(anchor: anchor, index: 1) == Fixture.utc(2027, 3, 31, 10))
  }

  @Test func R5_boughtNov1ActiveUntilDec1() throws {
    let bought = Fixture.utc(2026, 11, 1, 9, 30)
    let outcome = try Fixture.buy("res-regular", for: Fixture.account(), at: bought)
    #expect(outcome.subscription.anchor == bought)
    #expect(outcome.subscription.periodStart == bought)
    #expect(outcome.subscription.periodEnd == Fixture.utc(2026, 12, 1, 9, 30))
  }

  @Test func R5_renewalsKeepTheAnchorDay() throws {
    let bought = Fixture.utc(2028, 1, 31, 10)
    let account = try Fixture.buy("res-regular", for: Fixture.account(), at: bought).account
    let result = Fixture.advance(account, to: Fixture.utc(2028, 5, 1))
    let renewals = result.events.filter { $0.kind == .renewed }.map(\.date)
    #expect(
      renewals == [
        Fixture.utc(2028, 2, 29, 10), Fixture.utc(2028, 3, 31, 10), Fixture.utc(2028, 4, 30, 10),
      ])
    let subscription = try #require(result.account.liveSubscription(of: .residential))
    #expect(subscription.periodStart == Fixture.utc(2028, 4, 30, 10))
    #expect(subscription.periodEnd == Fixture.utc(2028, 5, 31, 10))
  }

  @Test func R0_3_calendarArithmeticUsesTheAccountsTimeZone() {
    // 31 Mar 2027 02:00 UTC is 30 Mar 22:00 in New York (EDT, UTC-4). A month later in
    // New York is 30 Apr 22:00 EDT = 1 May 02:00 UTC; in UTC it is 30 Apr 02:00.
    let anchor = Fixture.utc(2027, 3, 31, 2)
    let newYork = BillingCalendar(timeZoneIdentifier: "America/New_York")
    #expect(newYork.periodEnd(anchor: anchor, index: 0) == Fixture.utc(2027, 5, 1, 2))
    #expect(utc.periodEnd(anchor: anchor, index: 0) == Fixture.utc(2027, 4, 30, 2))
    #expect(newYork.dayText(anchor) == "30 Mar 2027")
    #expect(utc.dayText(anchor) == "31 Mar 2027")
  }

  @Test func R0_3_unknownTimeZoneFallsBackToUTC() {
    let calendar = BillingCalendar(timeZoneIdentifier: "Not/AZone")
    #expect(calendar.timeZone.secondsFromGMT() == 0)
    let account = Fixture.account(timeZone: "Europe/Amsterdam")
    #expect(account.calendar.timeZone.identifier == "Europe/Amsterdam")
  }

  @Test func R0_3_isoDaysParseAndRejectImpossibleDates() {
    #expect(utc.parseISODay("2028-02-29") == Fixture.utc(2028, 2, 29))
    #expect(utc.parseISODay("2027-02-29") == nil)
    #expect(utc.parseISODay("2027-2-1") == nil)
    #expect(utc.isoDay(Fixture.utc(2026, 12, 3, 23)) == "2026-12-03")
    #expect(utc.dateTimeText(Fixture.utc(2026, 12, 3, 14, 5)) == "3 Dec 2026 14:05 UTC")
  }

  /// A moment is labelled with its own offset, whatever the real clock's season: the
  /// demo shows November on any day of the year.
  @Test func R0_3_dateTimeTextNamesTheOffsetInForceAtThatMoment() throws {
    let berlin = BillingCalendar(timeZone: try #require(TimeZone(identifier: "Europe/Berlin")))
    #expect(berlin.dateTimeText(Fixture.utc(2026, 7, 1, 12)) == "1 Jul 2026 14:00 GMT+2")
    #expect(berlin.dateTimeText(Fixture.utc(2026, 11, 16, 10)) == "16 Nov 2026 11:00 GMT+1")
  }

  @Test func R21_businessDaysSkipWeekends() {
    // Fri 20 Nov 2026 + 5 business days = Fri 27 Nov; Mon 23 Nov + 5 = Mon 30 Nov.
    #expect(
      utc.adding(businessDays: 5, to: Fixture.utc(2026, 11, 20, 10))
        == Fixture.utc(2026, 11, 27, 10))
    #expect(
      utc.adding(businessDays: 5, to: Fixture.utc(2026, 11, 23, 10))
        == Fixture.utc(2026, 11, 30, 10))
    // Sat 21 Nov + 1 = Mon 23 Nov.
    #expect(
      utc.adding(businessDays: 1, to: Fixture.utc(2026, 11, 21, 10))
        == Fixture.utc(2026, 11, 23, 10))
  }
}
