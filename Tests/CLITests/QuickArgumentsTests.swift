import ArgumentParser
import Testing

@testable import proxydash

/// The interactive commands skip ArgumentParser when their arguments are plain
/// (`QuickArguments`); whatever they accept, ArgumentParser must read the same way, and
/// whatever else (help, mistakes, other commands) must be left to ArgumentParser.
@Suite struct QuickArgumentsTests {
  /// What ArgumentParser makes of `arguments`, as the same plain values; nil when it
  /// refuses them or reads another command.
  static func parsedByArgumentParser(_ arguments: [String]) -> QuickArguments.Command? {
    guard let command = try? ProxyDash.parseAsRoot(arguments) else { return nil }
    if let open = command as? Open { return .open(open.request) }
    if let demo = command as? Demo { return .demo(demo.request) }
    if let session = command as? SshSession { return .sshSession(session.request) }
    return nil
  }

  static let plainForms: [([String], QuickArguments.Command)] = [
    ([], .open(OpenRequest())),
    (["open"], .open(OpenRequest())),
    (["--data", "/srv/store"], .open(OpenRequest(data: "/srv/store"))),
    (
      ["open", "--ascii", "--theme", "light", "--now", "2026-11-16T10:00:00Z", "--data", ""],
      .open(
        OpenRequest(
          data: "", display: DisplayChoice(theme: "light", ascii: true, now: "2026-11-16T10:00:00Z")))
    ),
    (["demo"], .demo(DemoRequest())),
    (["demo", "--account", "ben@example.com"], .demo(DemoRequest(account: "ben@example.com"))),
    (
      ["demo", "--autoplay", "--speed", "2.5", "--theme", "Themes/light.toml", "--ascii"],
      .demo(
        DemoRequest(
          autoplay: true, speed: 2.5, display: DisplayChoice(theme: "Themes/light.toml", ascii: true)))
    ),
    // A bad speed is a number all the same: `run` refuses it, for both readers alike.
    (["demo", "--speed", "0"], .demo(DemoRequest(speed: 0))),
    (
      ["ssh", "session", "--data", "/var/lib/proxydash/store", "--key-id", "7"],
      .sshSession(SshSessionRequest(data: "/var/lib/proxydash/store", keyID: 7))
    ),
    (
      ["ssh", "session", "--ascii", "--key-id", "+12", "--data", "s"],
      .sshSession(SshSessionRequest(data: "s", keyID: 12, ascii: true))
    ),
  ]

  @Test(arguments: plainForms.indices)
  func plainFormsAreReadAsArgumentParserReadsThem(index: Int) {
    let (arguments, expected) = Self.plainForms[index]
    #expect(QuickArguments.parse(arguments) == expected)
    #expect(Self.parsedByArgumentParser(arguments) == expected)
  }

  /// Help, version, mistakes and every other command keep ArgumentParser's answers.
  @Test(arguments: [
    ["--help"], ["-h"], ["help"], ["--version"], ["demo", "--help"], ["demo", "-h"], ["help", "demo"],
    ["ssh", "session", "--help"], ["demo", "--account"], ["demo", "--account", "--ascii"],
    ["demo", "--ascii", "--ascii"], ["demo", "--account", "a@example.com", "--account", "b@example.com"],
    ["demo", "--account=ben@example.com"], ["demo", "ben@example.com"], ["demo", "--speed", "fast"],
    ["demo", "--data", "x"], ["demo", "--", "--ascii"], ["--", "demo"], ["--data"], ["--data", "-x"],
    ["open", "demo"], ["--ascii", "demo"], ["ssh"], ["ssh", "session", "--data", "d"],
    ["ssh", "session", "--key-id", "1"], ["ssh", "session", "--data", "d", "--key-id", "seven"],
    ["ssh", "authorized-keys"], ["script", "f.pdscript", "--demo"], ["init", "dir", "--from", "demo-data"],
    ["billing", "run"], ["catalog", "show"], ["--generate-completion-script", "bash"], ["-x"],
  ])
  func everythingElseIsLeftToArgumentParser(arguments: [String]) {
    #expect(QuickArguments.parse(arguments) == nil)
  }

  /// Random lines from the words these commands know, and words near them: any line the
  /// quick reader accepts, ArgumentParser reads as the same command with the same values.
  @Test func anyLineTheQuickReaderAcceptsArgumentParserReadsAlike() {
    let words = [
      "demo", "open", "ssh", "session", "help", "--account", "--autoplay", "--speed", "--theme", "--ascii",
      "--now", "--data", "--key-id", "--help", "--", "-", "", "ben@example.com", "2", "-1", "0.5", "x",
      "light", "--account=x", "7",
    ]
    var generator = SplitMix64(seed: 0x5EED)
    var accepted = 0
    for _ in 0..<4_000 {
      let count = Int(generator.next() % 7)
      let line = (0..<count).map { _ in words[Int(generator.next() % UInt64(words.count))] }
      guard let quick = QuickArguments.parse(line) else { continue }
      accepted += 1
      #expect(Self.parsedByArgumentParser(line) == quick, "\(line)")
    }
    // The comparison means something only if the quick reader accepted a fair share.
    #expect(accepted > 200)
  }
}

/// A small seeded generator, so a failing line can be replayed.
private struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
