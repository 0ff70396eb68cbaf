import Foundation
import Testing

@testable import Storage

/// How an interval splits into edge hours and whole UTC days.
@Suite struct UsageSpanTests {
  let day: Int64 = 86_400

  @Test func wholeDaysInTheMiddleHoursAtTheEdges() {
    // From 10:00 on day 1 to 05:00 on day 4: days 2 and 3 whole.
    let span = UsageSpan(start: day + 36_000, end: 4 * day + 18_000)
    #expect(span.leading == (day + 36_000)..<(2 * day))
    #expect(span.days == (2 * day)..<(4 * day))
    #expect(span.trailing == (4 * day)..<(4 * day + 18_000))
  }

  @Test func alignedIntervalIsAllDays() {
    let span = UsageSpan(start: 3 * day, end: 5 * day)
    #expect(span.leading.isEmpty)
    #expect(span.days == (3 * day)..<(5 * day))
    #expect(span.trailing.isEmpty)
  }

  @Test func lessThanAWholeDayIsAllHours() {
    // 23 hours across midnight: no whole day inside.
    let span = UsageSpan(start: day + 3_600, end: 2 * day + 3_600)
    #expect(span.leading == (day + 3_600)..<(2 * day + 3_600))
    #expect(span.days.isEmpty)
    #expect(span.trailing.isEmpty)
  }

  @Test func fractionalBoundsRoundUpLikeDateComparison() {
    // A record at hour 7200 is inside [7199.5, 7200.5) and so must be inside the span.
    let span = UsageSpan(
      DateInterval(
        start: Date(timeIntervalSince1970: 7_199.5), end: Date(timeIntervalSince1970: 7_200.5)))
    #expect(span.leading == 7_200..<7_201)
  }

  @Test func daysBefore1970FloorDownwards() {
    #expect(UsageSpan.floorToDay(-1) == -day)
    #expect(UsageSpan.floorToDay(-day) == -day)
    #expect(UsageSpan.floorToDay(day - 1) == 0)
  }

  @Test func backwardsIntervalIsEmpty() {
    let span = UsageSpan(start: 5 * day, end: 2 * day)
    #expect(span.leading.isEmpty && span.days.isEmpty && span.trailing.isEmpty)
  }
}
