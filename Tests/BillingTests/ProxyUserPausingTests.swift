import Billing
import Foundation
import PropertyBased
import Testing

/// R25: users beyond what a plan holds are paused, newest first, until the customer buys
/// users or picks which serve.
@Suite struct ProxyUserPausingTests {
  /// Four users created a day apart: u1 is the oldest.
  let users = (1...4).map {
    ProxyUser(
      id: "acct-u\($0)", product: .residential, name: "user-\($0)",
      createdAt: Fixture.utc(2026, 11, $0))
  }

  func applying(_ changes: [ProxyUser], to users: [ProxyUser]) -> [ProxyUser] {
    users.map { user in changes.first { $0.id == user.id } ?? user }
  }

  func serving(_ users: [ProxyUser]) -> [String] {
    users.filter { !$0.paused }.map(\.id)
  }

  @Test func R25_theNewestArePausedWhenThePlanHoldsFewer() {
    let changes = ProxyUserAllowance.fitted(users, allowed: 1)
    #expect(changes.map(\.id) == ["acct-u2", "acct-u3", "acct-u4"])
    #expect(changes.allSatisfy { $0.paused })
    let after = applying(changes, to: users)
    #expect(serving(after) == ["acct-u1"])
    // Fitting again changes nothing.
    #expect(ProxyUserAllowance.fitted(after, allowed: 1).isEmpty)
  }

  @Test func R25_buyingUsersBringsTheOldestPausedBack() {
    let paused = applying(ProxyUserAllowance.fitted(users, allowed: 1), to: users)
    let changes = ProxyUserAllowance.fitted(paused, allowed: 3)
    #expect(changes.map(\.id) == ["acct-u2", "acct-u3"])
    #expect(changes.allSatisfy { !$0.paused })
    #expect(serving(applying(changes, to: paused)) == ["acct-u1", "acct-u2", "acct-u3"])
  }

  @Test func R25_theCustomerPicksWhichServeWithinTheCount() throws {
    let paused = applying(ProxyUserAllowance.fitted(users, allowed: 2), to: users)
    #expect(serving(paused) == ["acct-u1", "acct-u2"])
    // Picking paused u4 pauses the newest serving one, u2: still two serve.
    let picked = applying(try ProxyUserAllowance.swapped("acct-u4", in: paused, allowed: 2), to: paused)
    #expect(serving(picked) == ["acct-u1", "acct-u4"])
    // Pausing serving u1 lets the oldest paused one, u2, serve in its place.
    let swapped = applying(try ProxyUserAllowance.swapped("acct-u1", in: picked, allowed: 2), to: picked)
    #expect(serving(swapped) == ["acct-u2", "acct-u4"])
  }

  @Test func R25_swapIsRefusedWhenNothingIsPaused() {
    #expect(throws: BillingError.proxyUsersNothingPaused) {
      try ProxyUserAllowance.swapped("acct-u1", in: users, allowed: 4)
    }
    #expect(throws: BillingError.unknownProxyUser("x")) {
      try ProxyUserAllowance.swapped("x", in: users, allowed: 4)
    }
  }

  @Test func P_R25_fittingServesAsManyAsAllowedOldestFirst() async {
    await propertyCheck(
      count: 300, input: Gen.int(in: 0...12), Gen.int(in: 0...12), Gen.int(in: 0...4095)
    ) { count, allowed, pausedBits in
      let start = (0..<count).map {
        ProxyUser(
          id: "acct-u\($0)", product: .residential, name: "user-\($0)",
          createdAt: Fixture.utc(2026, 1, 1).addingTimeInterval(TimeInterval($0) * 60),
          paused: pausedBits & (1 << $0) != 0)
      }
      let after = applying(ProxyUserAllowance.fitted(start, allowed: allowed), to: start)
      let serving = after.filter { !$0.paused }
      let startServing = start.filter { !$0.paused }.count
      // As many serve as the plan holds: extra ones are paused, room is filled from the paused.
      #expect(serving.count == min(count, allowed))
      if startServing > allowed {
        // Pausing keeps the oldest of those that served.
        let kept = start.filter { !$0.paused }.prefix(allowed).map(\.id)
        #expect(serving.map(\.id) == kept)
      }
      #expect(ProxyUserAllowance.fitted(after, allowed: allowed).isEmpty)
    }
  }
}
