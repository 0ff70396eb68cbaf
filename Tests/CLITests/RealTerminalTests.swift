import Foundation
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

  @Test func resizeBelowTheMinimumAndBack() throws {
    let session = try TmuxSession(
      command: Self.reportingExit("\(Binary.proxydash.path) demo"), width: 100, height: 30)
    defer { session.kill() }
    #expect(session.waitFor("Usage stats"), "\(session.screen)")
    try session.resize(width: 70, height: 20)
    #expect(session.waitFor("Terminal too small"))
    try session.resize(width: 100, height: 30)
    #expect(session.waitFor("Forecast:"), "\(session.screen)")
    try session.send(keys: ["q"])
    #expect(session.waitFor("proxydash exited 0"), "q quits cleanly: \(session.screen)")
  }
}

extension TmuxSession {
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
