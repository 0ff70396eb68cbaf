import Billing
import DashboardRuntime
import Foundation
import Services
import Storage
import TerminalUI
import Testing

@testable import Dashboard

/// A pop-up's content never leaves its box (issue 15: buttons drawn on the bottom
/// border, `Auto-renewal: on` below the box). Every pop-up the keys below open, for every
/// persona at 80×24 and 100×30, is drawn and compared with the same screen without it.
@Suite(.serialized) struct PopupContainmentTests {
  /// Where a pop-up drew: its frame, found from the only top-left corner it added.
  static func problems(with popup: Canvas, without screen: Canvas) -> [String] {
    var changed: [(x: Int, y: Int)] = []
    // The bottom bar is the pop-up's hints by design, and drawn over whatever is there.
    for y in 0..<(popup.height - 1) {
      for x in 0..<popup.width where popup[x, y].text != screen[x, y].text {
        changed.append((x, y))
      }
    }
    guard !changed.isEmpty else { return [] }
    guard let corner = changed.first(where: { popup[$0.x, $0.y].text == "┌" }) else {
      return ["no frame drawn"]
    }
    var right = corner.x + 1
    while right < popup.width && popup[right, corner.y].text != "┐" { right += 1 }
    var bottom = corner.y + 1
    while bottom < popup.height && popup[corner.x, bottom].text != "└" { bottom += 1 }
    guard right < popup.width, bottom < popup.height, popup[right, bottom].text == "┘" else {
      return ["the frame is broken at its corners"]
    }
    var problems: [String] = []
    for x in (corner.x + 1)..<right where popup[x, bottom].text != "─" {
      problems.append("bottom border overwritten at column \(x): \(popup.lines[bottom])")
      break
    }
    for y in (corner.y + 1)..<bottom {
      if popup[corner.x, y].text != "│" || popup[right, y].text != "│" {
        problems.append("side border overwritten on row \(y): \(popup.lines[y])")
        break
      }
    }
    // The cleared column either side of the frame belongs to the pop-up too.
    if let outside = changed.first(where: {
      $0.x < corner.x - 1 || $0.x > right + 1 || $0.y < corner.y || $0.y > bottom
    }) {
      problems.append("drawn outside the box at \(outside.x),\(outside.y): \(popup.lines[outside.y])")
    }
    return problems
  }

  /// Key sequences that open every pop-up, in the states where they say the most.
  static let openers: [[Key]] =
    [
      "?", "p", "3c", "3u", "3r", "3t", "3n", "3b", "3a", "3\tc", "3\tu", "3\tr", "3\tt", "3\tn",
      "3u\t\t\t\t\t\t\r", "3u\u{1B}[C", "3u\u{1B}[C\u{1B}[C", "3n\u{1B}[C", "3n\u{1B}[C\u{1B}[C",
      "3n\u{1B}[C\u{1B}[C\u{1B}[C", "3t5\r", "3t5\t\r", "1c", "4a", "4a\t\t\t\t\r", "4w", "4l",
      "4d", "2\r", "2j\r", "2jj\r", "2jjj\r", "2jjjj\r", "2jjjjj\r", "2jjjjjj\r", "2jjjjjjj\r",
      "2k\r",
    ].map(Self.keys)
    + [
      [.character("3"), .backTab, .character("e")],
      [.character("3"), .backTab, .character("e"), .tab, .tab, .tab, .tab, .enter],
    ]
    + [
      [.character("3"), .backTab, .character("w")],
      [.character("3"), .backTab, .character("w"), .tab, .tab, .tab, .enter],
    ]
    // Billing history: a row's invoice (R26a); proxy access with its whitelist input (R25a).
    + [[.character("3"), .backTab, .backTab, .enter], [.character("3"), .backTab, .backTab, .down, .enter]]
    + ["3aw", "3av", "3aw1.2.3\r", "3a\t"].map(Self.keys)

  /// `\t` Tab, `\r` Enter, ESC [C right arrow; other characters are themselves.
  static func keys(_ text: String) -> [Key] {
    var keys: [Key] = []
    var rest = Substring(text)
    while let character = rest.first {
      if rest.hasPrefix("\u{1B}[C") {
        keys.append(.right)
        rest = rest.dropFirst(3)
        continue
      }
      switch character {
      case "\t": keys.append(.tab)
      case "\r": keys.append(.enter)
      default: keys.append(.character(character))
      }
      rest = rest.dropFirst()
    }
    return keys
  }

  @Test(arguments: [(80, 24), (100, 30)])
  func contentNeverLeavesItsBox(width: Int, height: Int) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "proxydash-containment-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let dataset = try ProxyDashService.createDemoStore(
      at: folder, from: repository.appendingPathComponent("demo-data"))
    let clock = FixedClock(dataset.now)
    let service = try ProxyDashService.open(directory: folder, clock: clock, passwordIterations: 1_000)
    var checked = 0
    for persona in dataset.personas {
      let email = persona.account.email
      for opener in Self.openers {
        let runtime = Runtime(
          state: AppState(width: width, height: height, isDemo: true), service: service, demoClock: clock)
        try runtime.logIn(as: email)
        for key in opener {
          runtime.send(.key(key))
          _ = runtime.render()
          guard runtime.state.overlay != nil else { continue }
          var bare = runtime.state
          bare.overlay = nil
          let problems = Self.problems(with: runtime.render(), without: bare.render())
          checked += 1
          #expect(
            problems.isEmpty,
            "\(email) \(width)×\(height) after \(opener.map(\.label).joined(separator: " ")): \(problems)\n\(runtime.render())"
          )
        }
      }
    }
    // Seven personas and most openers open something; a change that opened nothing
    // would pass vacuously.
    #expect(checked > 150, "only \(checked) pop-up frames were checked")
  }
}

/// A pop-up taller than the terminal scrolls: a renewal preview with a new card at 80×24
/// (issue 15: finn's `Auto-renewal: on` was drawn below the box).
@Suite struct PopupScrollTests {
  @Test func aPreviewTallerThanTheTerminalScrollsWithPgDnInsideItsBox() {
    var state = Fixtures.state(width: 80, height: 24)
    Fixtures.press([.character("n"), .right], on: &state)  // Renew now; New card: four more fields
    var screen = state.render()
    #expect(screen.contains("more rows · PgDn/PgUp"), "\(screen)")
    #expect(!screen.contains("Auto-renewal: on"))
    #expect(screen.lines[23].contains("PgDn more"), "hinted only while it scrolls")
    Fixtures.press([.pageDown, .pageDown], on: &state)
    screen = state.render()
    #expect(screen.contains("Auto-renewal: on"), "\(screen)")
    #expect(screen.contains("rows above · PgUp"))
    // Any other key brings the focused control (the Method row) back into view.
    Fixtures.press([.left], on: &state)
    #expect(state.render().contains("Method"))
  }

  @Test func aPopupThatFitsHintsNoScrolling() {
    var state = Fixtures.state(width: 100, height: 30)
    Fixtures.press([.character("c")], on: &state)
    let screen = state.render()
    #expect(!screen.contains("PgDn"))
    #expect(!screen.contains("more rows"))
  }
}
