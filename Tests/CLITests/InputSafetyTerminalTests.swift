import Foundation
import Testing

/// R32 and the `LANG=C` glyphs in a real terminal (tmux): bracketed paste, keys typed
/// ahead of a confirmation, and a locale that is not UTF-8.
@Suite(.serialized) struct InputSafetyTerminalTests {
  static func demo(account: String = "ava@example.com", environment: [String: String] = [:]) throws
    -> TmuxSession
  {
    try TmuxSession(
      command: RealTerminalTests.reportingExit("\(Binary.proxydash.path) demo --account \(account)"),
      width: 100, height: 30, environment: environment)
  }

  /// Account settings → Profile → Edit profile, focus on Name.
  static func openEditProfile(_ session: TmuxSession) throws {
    #expect(session.waitFor("Forecast:"), "\(session.screen)")
    try session.send(keys: ["3", "Tab", "Tab"])
    #expect(session.waitFor("VAT id"), "\(session.screen)")
    try session.send(keys: ["e"])
    #expect(session.waitFor("Enter on Save"), "\(session.screen)")
  }

  @Test func R32_bracketedPasteIsTextForTheField() throws {
    let session = try Self.demo()
    defer { session.kill() }
    try Self.openEditProfile(session)
    try session.paste("Ava\u{1B}3ny")
    #expect(session.waitFor("Ava3ny"), "the paste lands in Name, ESC dropped: \(session.screen)")
    #expect(session.screen.contains("Enter on Save"), "the paste did not close the form")
    // The name was edited, so Esc asks before dropping the edit.
    try session.send(keys: ["Escape"])
    #expect(session.waitFor("Discard your changes"), "\(session.screen)")
    try session.send(keys: ["y"])
    #expect(session.waitUntilGone("Discard your changes"), "\(session.screen)")
    #expect(!session.screen.contains("Enter on Save"), "the form closed: \(session.screen)")
    try session.send(keys: ["3"])
    #expect(session.waitFor("Next charge: 18 Nov 2026 $484.00"), "nothing renewed: \(session.screen)")
    #expect(!session.screen.contains("Paid"))
    try session.send(keys: ["q"])
    #expect(session.waitFor("proxydash exited 0"), "\(session.screen)")
  }

  /// A paste whose end marker comes in a later read is still one paste.
  @Test func R32_aPasteSplitAcrossReadsIsOnePaste() throws {
    let session = try Self.demo()
    defer { session.kill() }
    try Self.openEditProfile(session)
    try session.type("\u{1B}[200~Ava\u{1B}3")
    try session.type("ny\u{1B}[201~")
    #expect(session.waitFor("Ava3ny"), "\(session.screen)")
    #expect(session.screen.contains("Enter on Save"), "the paste did not close the form")
    // The name was edited, so Esc asks before dropping the edit.
    try session.send(keys: ["Escape"])
    #expect(session.waitFor("Discard your changes"), "\(session.screen)")
    try session.send(keys: ["y"])
    #expect(session.waitUntilGone("Discard your changes"), "\(session.screen)")
    #expect(!session.screen.contains("Enter on Save"), "the form closed: \(session.screen)")
    try session.send(keys: ["q"])
    #expect(session.waitFor("proxydash exited 0"), "\(session.screen)")
  }

  @Test func R32_keysTypedWithTheOneThatOpensCancelAreDropped() throws {
    let session = try Self.demo()
    defer { session.kill() }
    #expect(session.waitFor("Forecast:"), "\(session.screen)")
    try session.send(keys: ["3"])
    #expect(session.waitFor("State: Active"), "\(session.screen)")
    // One write, as a paste without bracketed paste or a fast typist: `y` is dropped.
    try session.send(keys: ["c", "y"])
    #expect(session.waitFor("Cancelling means"), "\(session.screen)")
    try session.send(keys: ["Escape"])
    #expect(session.waitUntilGone("Cancelling means"), "\(session.screen)")
    #expect(session.screen.contains("Auto-renewal: on"), "\(session.screen)")
    // Pressed while the pop-up is on screen, `y` cancels.
    try session.send(keys: ["c"])
    #expect(session.waitFor("Cancelling means"), "\(session.screen)")
    try session.send(keys: ["y"])
    #expect(session.waitFor("State: Cancelled"), "\(session.screen)")
    try session.send(keys: ["q"])
    #expect(session.waitFor("proxydash exited 0"), "\(session.screen)")
  }

  @Test func asciiOnlyInTheCLocale() throws {
    let session = try Self.demo(environment: ["LANG": "C", "LC_ALL": "C"])
    defer { session.kill() }
    #expect(session.waitFor("Forecast:"), "\(session.screen)")
    try session.send(keys: ["2"])
    #expect(session.waitFor("* Regular"), "\(session.screen)")
    try session.send(keys: ["Down", "Enter"])
    #expect(session.waitFor("(*) Visa **4242"), "\(session.screen)")
    let screen = session.screen
    let allASCII = screen.unicodeScalars.allSatisfy { $0.isASCII }
    #expect(allASCII, "\(screen)")
    #expect(!screen.contains("(?)") && !screen.contains("??"), "\(screen)")
    #expect(screen.contains("ProxyDash | Pricing"), "\(screen)")
    try session.send(keys: ["Escape"])
    #expect(session.waitUntilGone("Visa **4242"), "\(session.screen)")
    try session.send(keys: ["q"])
    #expect(session.waitFor("proxydash exited 0"), "\(session.screen)")
  }
}
