import Billing
import Foundation
import TerminalUI
import Testing

@testable import Dashboard

/// Golden screens: every main screen at 80×24 and 120×40, in the default (256 colors)
/// and monochrome themes, stored as text under Tests/DashboardTests/Golden. Each file
/// holds the screen, then one letter per cell for its color pair, then one for its
/// attributes, so a change of layout, role or attribute shows in a review diff.
///
/// Rewrite them after a deliberate change, then review the diff:
///     PROXYDASH_UPDATE_GOLDEN=1 swift test --filter GoldenScreenTests
@Suite struct GoldenScreenTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "Golden")
  static let update = ProcessInfo.processInfo.environment["PROXYDASH_UPDATE_GOLDEN"] == "1"

  static let screens: [(String, Section, [Key])] = [
    ("usage", .usage, []),
    ("pricing", .pricing, []),
    ("checkout-upgrade", .pricing, [.down, .enter]),
    ("account-subscription", .account, []),
    ("account-history", .account, [.tab]),
    ("invoice-popup", .account, [.tab, .enter]),
    ("account-profile", .account, [.tab, .tab]),
    ("ssh-keys", .account, [.tab, .tab, .character("s")]),
    ("ssh-key-add", .account, [.tab, .tab, .character("s"), .character("a")]),
    ("ssh-key-remove", .account, [.tab, .tab, .character("s"), .character("d")]),
    ("cancel-popup", .account, [.character("c")]),
    ("payment-form", .account, [.character("u")]),
    ("refund-popup", .account, [.character("r")]),
    ("proxy-users", .proxyUsers, []),
    ("notifications", .notifications, []),
    ("help", .account, [.character("?")]),
  ]

  static let themes: [(String, Theme, ColorMode)] = [
    ("default", .standard, .xterm256), ("monochrome", .monochrome, .monochrome),
  ]

  /// A world with usage, proxy users and emails, so no screen is empty.
  static func state(width: Int, height: Int, section: Section) -> AppState {
    var snapshot = Fixtures.snapshot(Fixtures.customer())
    let start = snapshot.account.subscriptions[0].periodStart
    snapshot.proxyUsers = [
      ProxyUser(id: "u1", product: .residential, name: "scraper-main", createdAt: start),
      ProxyUser(id: "u2", product: .residential, name: "ads-check", limit: .gb(10), createdAt: start),
    ]
    snapshot.proxyUserTraffic = [.residential: ["u1": .gb(30), "u2": .gb(14)]]
    snapshot.outbox = [
      OutboxMessage(
        id: "m2", kind: .renewalReminder, date: Fixtures.now.addingTimeInterval(-86_400),
        from: "ProxyDash Billing <billing@proxydash.example>", to: "ava@example.com",
        subject: "Your Regular plan renews on 19 Nov 2026",
        body: "Your Regular plan renews automatically on 19 Nov 2026.", read: false, file: "outbox/m2.eml"),
      OutboxMessage(
        id: "m1", kind: .orderReceipt, date: start, from: "ProxyDash Billing <billing@proxydash.example>",
        to: "ava@example.com", subject: "Receipt for your Regular plan ($484.00)",
        body: "Thank you for your order.", read: true, file: "outbox/m1.eml"),
    ]
    snapshot.sshKeys = [
      SSHKeyInfo(
        id: 1, type: "ssh-ed25519", fingerprint: "SHA256:ymSDnPTMcV9OTmSRvkDhc0i2kx1raz93bK62JmwtA40",
        comment: "ava@laptop", addedAt: start, lastUsedAt: Fixtures.now.addingTimeInterval(-3_600))
    ]
    var state = AppState(width: width, height: height)
    _ = state.apply(.loggedIn(snapshot))
    let hours = (0..<30).map {
      UsageBucket(
        start: start.addingTimeInterval(Double($0) * 86_400), traffic: .gb(fraction: 1 + Double($0 % 7) / 3))
    }
    let interval = DateInterval(start: start, end: Fixtures.now)
    _ = state.apply(
      .usage(
        UsageReport(
          range: .currentPeriod, interval: interval, total: .gb(44), buckets: hours,
          byUser: [
            UserUsage(proxyUser: "u1", traffic: .gb(30)), UserUsage(proxyUser: "u2", traffic: .gb(14)),
          ], lastSevenDays: .gb(12))))
    // R26a: the invoices the runtime loads for Billing history, one per paid order.
    let seller = InvoiceSeller(name: "Paddle.com", role: "Merchant of Record for ProxyDash")
    let buyer = InvoiceBuyer(account: snapshot.account, taxRates: snapshot.taxRates)
    let invoices = snapshot.account.orders.filter(\.wasCharged).enumerated().map { index, order in
      IssuedInvoice.of(
        order, number: InvoiceNumber(year: 2026, sequence: index + 1), item: order.kind.label, seller: seller,
        buyer: buyer)
    }
    _ = state.apply(.invoices(invoices))
    state.section = section
    state.banner = nil
    return state
  }

  static func encode(_ canvas: Canvas, palette: TerminalPalette) -> String {
    let roleLetters: [StyleRole: Character] = [
      .background: "k", .text: "t", .muted: "m", .accent: "a", .border: "b", .focus: "f",
      .selection: "s", .success: "g", .warning: "w", .danger: "d", .chart: "c",
    ]
    var roles: [String] = []
    var attributes: [String] = []
    for row in 0..<canvas.height {
      var roleLine = ""
      var attributeLine = ""
      for column in 0..<canvas.width {
        let cell = canvas[column, row]
        roleLine.append(roleLetters[cell.style.role] ?? "?")
        attributeLine.append(Character(String(palette.attributes(for: cell.style).rawValue, radix: 16)))
      }
      roles.append(roleLine)
      attributes.append(attributeLine)
    }
    return canvas.lines.joined(separator: "\n") + "\n--- roles\n" + roles.joined(separator: "\n")
      + "\n--- attributes (hex: 1 bold, 2 dim, 4 underline, 8 reverse)\n" + attributes.joined(separator: "\n")
      + "\n"
  }

  /// One case per golden file: `usage-80x24-default`, …
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var section: Section
    var keys: [Key]
    var width: Int
    var height: Int
    var themeIndex: Int

    var file: String { "\(name)-\(width)x\(height)-\(GoldenScreenTests.themes[themeIndex].0).txt" }
    var testDescription: String { file }
  }

  static let cases: [Case] = screens.flatMap { name, section, keys in
    [(80, 24), (120, 40)].flatMap { width, height in
      themes.indices.map {
        Case(name: name, section: section, keys: keys, width: width, height: height, themeIndex: $0)
      }
    }
  }

  /// The lines that differ, numbered, expected above actual: ratatui's
  /// `assert_buffer_lines`, so a failure says where the screen changed.
  static func diff(expected: String, actual: String) -> String {
    let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var out: [String] = []
    for index in 0..<max(old.count, new.count) {
      let before = index < old.count ? String(old[index]) : "(none)"
      let after = index < new.count ? String(new[index]) : "(none)"
      if before != after { out += ["line \(index + 1):", "- \(before)", "+ \(after)"] }
    }
    return out.prefix(30).joined(separator: "\n") + (out.count > 30 ? "\n…" : "")
  }

  @Test(arguments: cases)
  func goldenScreen(_ golden: Case) throws {
    var state = Self.state(width: golden.width, height: golden.height, section: golden.section)
    Fixtures.press(golden.keys, on: &state)
    let (_, theme, mode) = Self.themes[golden.themeIndex]
    let text = Self.encode(state.render(), palette: TerminalPalette(theme: theme, mode: mode))
    let file = Self.folder.appendingPathComponent(golden.file)
    if Self.update {
      try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
      try text.write(to: file, atomically: true, encoding: .utf8)
      return
    }
    let expected = try String(contentsOf: file, encoding: .utf8)
    #expect(
      expected == text,
      "\(golden.file) differs (PROXYDASH_UPDATE_GOLDEN=1 rewrites it):\n\(Self.diff(expected: expected, actual: text))"
    )
  }

  /// Every file in Golden is one of the cases, so a renamed screen leaves no stale file.
  @Test func everyGoldenFileHasACase() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter {
      $0.hasSuffix(".txt")
    }
    #expect(Set(files) == Set(Self.cases.map(\.file)))
    #expect(Self.cases.count == 64)
  }

}
