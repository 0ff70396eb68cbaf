import Billing
import Foundation
import Services
import Storage
import Testing

/// The real binary in a real terminal (tmux): the FAQ's most-asked path, log in →
/// Account settings → the subscription's tab → Cancel → the pop-up.
@Suite(.serialized) struct RealTerminalTests {
  /// The command, then its exit status printed by the shell once the screen is restored.
  static func reportingExit(_ command: String) -> String {
    "\(command); echo \"proxydash exited $?\"; sleep 60"
  }

  @Test func logInThenCancelThroughThePopUp() throws {
    let folder = try Binary.temporaryFolder("tmux")
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = folder.appendingPathComponent("store")
    let made = try Binary.run([
      "init", store.path, "--from", Binary.repository.appendingPathComponent("demo-data").path,
    ])
    try #require(made.status == 0, "init failed: \(made.error)")

    let session = try TmuxSession(
      command: Self.reportingExit("\(Binary.proxydash.path) --data \(store.path) --now 2026-11-16T10:00:00Z"),
      width: 100, height: 30)
    defer { session.kill() }
    #expect(session.waitFor("Log in to ProxyDash"), "\(session.screen)")
    try session.type("ava@example.com")
    try session.send(keys: ["Tab"])
    try session.type("demo-pass-2026")
    #expect(session.waitFor("••••••••••••••"))
    #expect(!(session.screen.contains("demo-pass-2026")), "the password is masked")
    try session.send(keys: ["Enter"])
    #expect(session.waitFor("Logged in as ava@example.com"), "\(session.screen)")

    // The profile menu leads to Account settings, as the FAQ describes.
    try session.send(keys: ["p"])
    #expect(session.waitFor("Log out"))
    try session.send(keys: ["Enter"])
    #expect(session.waitFor("State: Active"), "\(session.screen)")

    try session.send(keys: ["c"])
    #expect(session.waitFor("Cancelling means"))
    try session.send(keys: ["Escape"])
    #expect(session.waitUntilGone("Cancelling means"), "Esc closes the pop-up: \(session.screen)")
    #expect(session.screen.contains("Auto-renewal: on"), "and keeps the subscription")

    try session.send(keys: ["c"])
    #expect(session.waitFor("Cancelling means"))
    try session.send(keys: ["y"])
    #expect(session.waitFor("State: Cancelled"), "\(session.screen)")
    #expect(session.waitFor("Active until: 18 Nov 2026"))

    try session.send(keys: ["q"])
    #expect(session.waitFor("proxydash exited 0"), "q quits cleanly: \(session.screen)")
  }

  /// Pricing with an upgrade, the receipt in notifications, and the demo clock, as a
  /// salesperson would drive it.
  @Test func upgradeReceiptAndDemoClock() throws {
    let session = try TmuxSession(
      command: Self.reportingExit("\(Binary.proxydash.path) demo"), width: 100, height: 30)
    defer { session.kill() }
    #expect(session.waitFor("Forecast:"), "\(session.screen)")
    try session.send(keys: ["2"])
    #expect(session.waitFor("● Regular"))
    try session.send(keys: ["Up", "Enter"])
    #expect(session.waitFor("Unused traffic: 6.0 GB lost"), "\(session.screen)")
    try session.send(keys: ["Escape", "Down", "Enter"])
    #expect(session.waitFor("Change: Renew"), "\(session.screen)")
    try session.send(keys: ["Escape", "Down", "Enter"])
    // The Renew preview also transfers 6.0 GB: wait for the upgrade's own checkout, as
    // keys sent before it is drawn are dropped (R32).
    #expect(session.waitFor("Upgrade: Advanced"), "\(session.screen)")
    #expect(session.waitFor("Unused traffic: 6.0 GB transferred"), "\(session.screen)")
    // Only the Confirm button pays (R32): past the coupon to it, then Enter.
    try session.send(keys: ["Tab", "Tab", "Enter"])
    #expect(session.waitFor("Paid $847.00"), "\(session.screen)")
    try session.send(keys: ["Enter", "5"])
    #expect(session.waitFor("Receipt for your Advanced plan ($847.00)"), "\(session.screen)")
    try session.send(keys: ["Enter"])
    #expect(session.waitFor("Subject: Receipt for your Advanced plan"), "\(session.screen)")
    try session.send(keys: ["Escape", "3", "}"])
    // The new period started at the upgrade (16 Nov), so the next event is its reminder.
    #expect(session.waitFor("Reminder sent: Advanced renews on 16 Dec 2026"), "\(session.screen)")
    try session.send(keys: ["q"])
    #expect(session.waitFor("proxydash exited 0"), "\(session.screen)")
  }

  /// Refund, payment method and proxy users, each with its outcome on screen.
  @Test func refundPaymentMethodAndProxyUsers() throws {
    let session = try TmuxSession(
      command: Self.reportingExit("\(Binary.proxydash.path) demo --account cara@example.com"), width: 100,
      height: 30)
    defer { session.kill() }
    #expect(session.waitFor("cara@example.com"), "\(session.screen)")
    try session.send(keys: ["4", "a"])
    #expect(session.waitFor("Add a proxy user"))
    try session.type("crawler-2")
    try session.send(keys: ["Tab"])
    try session.type("long-enough-1")
    try session.send(keys: ["Tab", "Tab", "Enter"])
    #expect(session.waitFor("Proxy user crawler-2 added"), "\(session.screen)")
    try session.send(keys: ["3", "u"])
    #expect(session.waitFor("Card number"))
    try session.type("4242 4242 4242 4242")
    try session.send(keys: ["Tab"])
    try session.type("10/31")
    try session.send(keys: ["Tab"])
    try session.type("999")
    try session.send(keys: ["Tab"])
    try session.type("Cara Diaz")
    try session.send(keys: ["Tab", "Enter"])
    #expect(session.waitFor("Visa ending 4242"), "\(session.screen)")
    try session.send(keys: ["r"])
    #expect(session.waitFor("Request refund"), "\(session.screen)")
    try session.send(keys: ["y"])
    #expect(session.waitFor("Approved"), "\(session.screen)")
    try session.send(keys: ["Escape"])
    #expect(session.waitFor("State: Refunded"), "\(session.screen)")
    try session.send(keys: ["q"])
    #expect(session.waitFor("proxydash exited 0"), "\(session.screen)")
  }

  /// Two binaries on one store, one account: the second write, based on what its screen
  /// read before the first, is refused as changed elsewhere and nothing is lost.
  @Test func twoBinariesEditingOneAccount() throws {
    let folder = try Binary.temporaryFolder("two")
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = folder.appendingPathComponent("store")
    let made = try Binary.run([
      "init", store.path, "--from", Binary.repository.appendingPathComponent("demo-data").path,
    ])
    try #require(made.status == 0, "init failed: \(made.error)")
    let command = Self.reportingExit(
      "\(Binary.proxydash.path) --data \(store.path) --now 2026-11-16T10:00:00Z")
    let first = try TmuxSession(command: command, width: 100, height: 30)
    defer { first.kill() }
    let second = try TmuxSession(command: command, width: 100, height: 30)
    defer { second.kill() }
    for session in [first, second] {
      try session.logInAsAva()
      try session.send(keys: ["3", "Tab", "Tab"])
      #expect(session.waitFor("Billing country"), "\(session.screen)")
    }
    // R32: `y` is pressed once the pop-up is on screen, never typed ahead with `c`.
    try first.send(keys: ["3", "c"])
    #expect(first.waitFor("Cancelling means"), "\(first.screen)")
    try first.send(keys: ["y"])
    #expect(first.waitFor("State: Cancelled"), "\(first.screen)")
    try second.send(keys: ["e"])
    #expect(second.waitFor("Edit profile"))
    try second.send(keys: ["C-u"])
    try second.type("Ava B")
    try second.send(keys: ["Tab", "Tab", "Tab", "Tab", "Enter"])
    #expect(second.waitFor("changed elsewhere"), "\(second.screen)")
    // After the reload the second screen shows the first one's change, and saving again works.
    try second.send(keys: ["e", "C-u"])
    try second.type("Ava B")
    try second.send(keys: ["Tab", "Tab", "Tab", "Tab", "Enter"])
    #expect(second.waitFor("Profile saved"), "\(second.screen)")
    try second.send(keys: ["3"])
    #expect(second.waitFor("State: Cancelled"), "\(second.screen)")
  }

  @Test func resizeBelowTheMinimumAndBack() throws {
    let session = try TmuxSession(
      command: Self.reportingExit("\(Binary.proxydash.path) demo"), width: 100, height: 30)
    defer { session.kill() }
    #expect(session.waitFor("Usage stats"), "\(session.screen)")
    // At once, while the demo copies its template after the first frame: a resize that
    // arrives while the program is busy must not wait for the next key.
    try session.resize(width: 70, height: 20)
    #expect(session.waitFor("Terminal too small"))
    try session.resize(width: 100, height: 30)
    #expect(session.waitFor("Forecast:"), "\(session.screen)")
    try session.send(keys: ["q"])
    #expect(session.waitFor("proxydash exited 0"), "q quits cleanly: \(session.screen)")
  }
}

extension TmuxSession {
  /// Types ava's demo credentials into the log-in form and waits for the dashboard.
  func logInAsAva(sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(waitFor("Log in to ProxyDash"), "\(screen)", sourceLocation: sourceLocation)
    try type("ava@example.com")
    try send(keys: ["Tab"])
    try type("demo-pass-2026")
    try send(keys: ["Enter"])
    #expect(waitFor("Logged in as ava@example.com"), "\(screen)", sourceLocation: sourceLocation)
  }

  /// Polls until `text` is no longer on the screen, or the deadline passes.
  func waitUntilGone(_ text: String, timeout: Duration = .seconds(30)) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      if !screen.contains(text) { return true }
      Thread.sleep(forTimeInterval: 0.05)
    }
    return false
  }

  /// The pane's text for failure messages; empty when tmux cannot be asked.
  var screen: String { (try? capture()) ?? "" }
}

/// Issue 8: the real binary killed with SIGKILL while a checkout is being confirmed,
/// then started again on the same store: nothing charged twice, nothing half-done.
@Suite(.serialized) struct KilledCheckoutTests {
  @Test func killedDuringConfirmationChargesAtMostOnce() throws {
    let folder = try Binary.temporaryFolder("kill")
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = folder.appendingPathComponent("store")
    let made = try Binary.run([
      "init", store.path, "--from", Binary.repository.appendingPathComponent("demo-data").path,
    ])
    try #require(made.status == 0, "init failed: \(made.error)")
    // The shell runs a file, so only the dashboard's own command line names the store.
    let launcher = folder.appendingPathComponent("run.sh")
    try """
    \(Binary.proxydash.path) --data \(store.path) --now 2026-11-16T10:00:00Z
    echo "proxydash exited $?"
    sleep 60
    """.write(to: launcher, atomically: true, encoding: .utf8)
    var generator = SystemRandomNumberGenerator()
    for round in 0..<3 {
      let session = try TmuxSession(command: "sh \(launcher.path)", width: 100, height: 30)
      defer { session.kill() }
      try session.logInAsAva()
      // Pricing → the next plan up → checkout → confirm, then SIGKILL at a random moment
      // around the payment: the kill's timing is what this test varies.
      try session.send(keys: ["2", "Down", "Enter"])
      #expect(session.waitFor("Confirm and pay"), "\(session.screen)")
      // Only the Confirm button pays (R32): past the coupon to it, then Enter.
      try session.send(keys: ["Tab", "Tab", "Enter"])
      Thread.sleep(forTimeInterval: Double.random(in: 0...0.05, using: &generator))
      let killer = Process()
      killer.executableURL = URL(fileURLWithPath: "/usr/bin/pkill")
      killer.arguments = ["-KILL", "-f", "proxydash --data \(store.path)"]
      try killer.run()
      killer.waitUntilExit()
      #expect(session.waitFor("proxydash exited 137"), "round \(round): \(session.screen)")

      // Opening the store again settles whatever the kill left; then every approved
      // charge has exactly one paid order for the same amount, and vice versa.
      let service = try ProxyDashService.open(
        directory: store, clock: FixedClock(Date(timeIntervalSince1970: 1_794_823_200)))
      let account = try service.account(email: "ava@example.com")
      let charges = try service.store.read { try $0.charges(accountID: account.id) }
      let approved = charges.filter { $0.status == .approved }
      #expect(charges.allSatisfy { $0.status != .intent }, "round \(round): an unsettled charge")
      #expect(
        Set(approved.compactMap(\.orderID)).count == approved.count, "round \(round): an order charged twice")
      let paid = account.orders.filter(\.wasCharged)
      #expect(
        paid.count == approved.count,
        "round \(round): \(paid.count) paid orders, \(approved.count) approved charges")
      for charge in approved {
        #expect(
          paid.first { $0.id == charge.orderID }?.total == charge.amount,
          "round \(round): \(charge.idempotencyKey)")
      }
      #expect(account.subscriptions.filter { $0.product == .residential && $0.state.isLive }.count == 1)
      service.store.close()
    }
  }
}
