import Billing
import Foundation
import TerminalUI
import Testing

@testable import Dashboard

/// The per-user table on Usage stats: a user who does not fit is never silently left out.
@Suite struct UsageScreenTests {
  static func usageState(users count: Int, width: Int, height: Int) -> AppState {
    var snapshot = Fixtures.snapshot(Fixtures.customer())
    let start = snapshot.account.subscriptions[0].periodStart
    snapshot.proxyUsers = (1...count).map {
      ProxyUser(id: "u\($0)", product: .residential, name: "user-\($0)", createdAt: start)
    }
    var state = AppState(width: width, height: height)
    _ = state.apply(.loggedIn(snapshot))
    let days = (0..<28).map {
      UsageBucket(start: start.addingTimeInterval(Double($0) * 86_400), traffic: .gb(1))
    }
    // user-1 used the most, user-N the least: the table lists them in that order.
    let byUser = (1...count).map { UserUsage(proxyUser: "u\($0)", traffic: .gb(Int64(count + 1 - $0))) }
    _ = state.apply(
      .usage(
        UsageReport(
          range: .currentPeriod, interval: DateInterval(start: start, end: Fixtures.now),
          total: Traffic(bytes: byUser.reduce(0) { $0 + $1.traffic.bytes }), buckets: days,
          byUser: byUser, lastSevenDays: .gb(7))))
    state.section = .usage
    state.banner = nil
    return state
  }

  @Test func everyUserFitsOnALargeTerminal() {
    let screen = Self.usageState(users: 6, width: 120, height: 40).render()
    for index in 1...6 { #expect(screen.contains("user-\(index) ")) }
    #expect(!screen.contains("more (a taller terminal"))
  }

  @Test func hiddenUsersAreCountedOnASmallTerminal() throws {
    let screen = Self.usageState(users: 6, width: 80, height: 24).render()
    let shown = (1...6).filter { screen.contains("user-\($0) ") }
    // The heaviest users are the ones shown.
    #expect(shown == Array(1...shown.count))
    #expect(shown.count >= 2)
    #expect(screen.contains("… \(6 - shown.count) more (a taller terminal shows them; e exports all)"))
  }

  @Test func threeUsersAllFitAt80x24() {
    let screen = Self.usageState(users: 3, width: 80, height: 24).render()
    for index in 1...3 { #expect(screen.contains("user-\(index) ")) }
    #expect(!screen.contains("more (a taller terminal"))
  }
}
