import Billing
import DashboardRuntime
import Foundation
import Services
import Storage
import Testing

@testable import Dashboard

/// A runtime on a store made from the repository's demo-data, removed afterwards.
final class DemoRuntime {
  static let demoFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("demo-data", isDirectory: true)

  let directory: URL
  let clock: FixedClock
  let runtime: Runtime

  /// `isDemo`: as `proxydash demo` runs it; false is a store made by `init` opened with
  /// `--now`, which has the same data and a movable clock but is a customer's store.
  init(isDemo: Bool, resetDemo: (() throws(ServiceError) -> ProxyDashService)? = nil) throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pd-demo-clock-\(UUID().uuidString)")
    let dataset = try ProxyDashService.createDemoStore(
      at: directory, from: Self.demoFolder, passwordIterations: 1_000)
    clock = FixedClock(dataset.now)
    let service = try ProxyDashService.open(
      directory: directory, clock: clock, passwordIterations: 1_000)
    runtime = Runtime(
      state: AppState(width: 100, height: 30, isDemo: isDemo), service: service, demoClock: clock,
      resetDemo: resetDemo)
    try runtime.logIn(as: "ava@example.com")
  }

  deinit {
    runtime.service.store.close()
    try? FileManager.default.removeItem(at: directory)
  }

  var used: Traffic? { runtime.state.snapshot?.account.liveSubscription(of: .residential)?.used }
}

@Suite struct DemoClockTests {
  /// Issue 15: `]` in the demo makes a day of ava's traffic (R27's records, counted
  /// against her period); the same clock move on a customer's store makes none.
  @Test func theDemoClockMakesTrafficOnlyInTheDemo() throws {
    let demo = try DemoRuntime(isDemo: true)
    let before = try #require(demo.used)
    demo.runtime.send(.key(.character("]")))
    let after = try #require(demo.used)
    // About 1.5 GB a day (44 GB in her period's 29 days).
    #expect(after > before + .gb(fraction: 0.75), "\(before) → \(after)")
    #expect(demo.runtime.render().text.contains("DEMO 17 Nov 2026"))
    // The banner says what the day used, or `]` looks like it did nothing.
    let banner = demo.runtime.state.banner?.text ?? ""
    #expect(
      banner.contains("Nothing was due. · Traffic: Regular +\(after - before) (\(after) of 50.0 GB)"),
      "\(banner)")

    let store = try DemoRuntime(isDemo: false)
    let unchanged = try #require(store.used)
    store.runtime.advanceClock(by: 86_400)
    #expect(store.clock.now == demo.clock.now)
    #expect(store.used == unchanged)
    #expect(store.runtime.state.banner?.text.contains("Traffic:") == false)
  }

  /// A renewal starts a new count: the banner does not call the new period's `used`
  /// "traffic added", whatever it is.
  @Test func aRenewedPeriodIsNotReportedAsTraffic() {
    let old = Fixtures.snapshot(Fixtures.customer())
    var renewed = old
    renewed.account.subscriptions[0].periodStart = old.account.subscriptions[0].periodEnd
    renewed.account.subscriptions[0].used = old.account.subscriptions[0].used + .gb(1)
    #expect(ClockTraffic.note(from: old, to: renewed) == nil)
    var used = old
    used.account.subscriptions[0].used = old.account.subscriptions[0].used + .gb(1)
    #expect(ClockTraffic.note(from: old, to: used)?.hasPrefix("Traffic: Regular +1.0 GB (") == true)
  }
}
