import Billing
import Foundation
import Testing

@testable import Dashboard

/// DESIGN.md's past-due labels: what is owed and when it is tried again (R7a).
@Suite struct PastDueTabTests {
  @Test(arguments: [(80, 24), (120, 30)])
  func R7a_pastDueTabShowsAmountDueAndNextRetry(width: Int, height: Int) {
    var account = Fixtures.customer()
    // Declined at 16 Nov 2026 04:00 UTC, no retry yet: the first runs a day later (+1 day).
    account.subscriptions[0].state = .pastDue
    account.subscriptions[0].pastDueSince = Fixtures.now.addingTimeInterval(-6 * 3600)
    let screen = Fixtures.state(account, width: width, height: height).render().text
    // Regular $400.00 + NL VAT 21 % ($84.00) = $484.00.
    #expect(screen.contains("Amount due: $484.00 (VAT 21 % $84.00)"), "\(screen)")
    #expect(screen.contains("Next retry: 17 Nov 2026 04:00"), "\(screen)")
  }

  @Test func R7a_nextRetryFollowsTheRetriesDone() {
    var account = Fixtures.customer()
    account.subscriptions[0].state = .pastDue
    account.subscriptions[0].pastDueSince = Fixtures.now.addingTimeInterval(-2 * 86_400)
    // One retry ran (day +1); the next is at +3 days: 14 Nov 10:00 + 3 days = 17 Nov 10:00.
    account.subscriptions[0].retriesDone = 1
    let screen = Fixtures.state(account, width: 120, height: 30).render().text
    #expect(screen.contains("Next retry: 17 Nov 2026 10:00"), "\(screen)")
  }
}
