import Foundation
import Testing

@testable import proxydash

/// How long the interactive loop waits for a key before the billing step must run (R28).
@Suite struct KeepsTimeWaitTests {
  @Test func R28_theDashboardWaitsUntilTheNextDueMomentAndNeverSpins() {
    let now = Date(timeIntervalSince1970: 1_795_267_800)
    #expect(Interactive.waitMilliseconds(until: nil, now: now) == nil)
    #expect(Interactive.waitMilliseconds(until: now.addingTimeInterval(2.5), now: now) == 2_500)
    #expect(Interactive.waitMilliseconds(until: now.addingTimeInterval(86_400), now: now) == 60_000)
    #expect(Interactive.waitMilliseconds(until: now, now: now) == 1_000)
    #expect(Interactive.waitMilliseconds(until: now.addingTimeInterval(-60), now: now) == 1_000)
  }
}
