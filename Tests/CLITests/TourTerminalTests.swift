import Foundation
import Testing

/// The autoplay tour on a real terminal (tmux).
@Suite struct TourTerminalTests {
  /// Issue 15: the tour's last caption ("Press any key to explore") stayed on screen for
  /// the rest of the demo. It goes at the first key, and that key does its work.
  @Test func theLastCaptionGoesAtTheFirstKeyAfterTheTour() throws {
    let session = try TmuxSession(
      command: RealTerminalTests.reportingExit(
        "\(Binary.proxydash.path) demo --autoplay --speed 100"),
      width: 100, height: 30)
    defer { session.kill() }
    #expect(session.waitFor("That's the tour"), "\(session.screen)")
    try session.send(keys: ["1"])
    #expect(session.waitFor("ProxyDash │ Usage stats"), "the key reached the demo:\n\(session.screen)")
    #expect(!session.screen.contains("That's the tour"), "\(session.screen)")
    try session.send(keys: ["q"])
    #expect(session.waitFor("proxydash exited 0"), "\(session.screen)")
  }
}
