import Billing
import Foundation
import TerminalUI
import Testing

@testable import Dashboard

// README's "Adding a screen", step 1, as written there: if the recipe stops compiling,
// this file does too.
extension Section {
  static let invoices = Section(id: "invoices", title: "Invoices")
}

struct InvoicesView: Screen, Hashable {
  static let section = Section.invoices
  var selected = 0
  init() {}

  enum Action: Hashable, Sendable { case up, down }

  func bindings(in context: ScreenContext) -> [KeyBinding<Action>] {
    [
      KeyBinding([.up, .character("k")], "up", "Previous invoice", .up),
      KeyBinding([.down, .character("j")], "down", "Next invoice", .down),
    ]
  }

  mutating func perform(_ action: Action, in context: ScreenContext) -> [ScreenRequest] {
    selected = action == .up ? max(0, selected - 1) : selected + 1
    return []
  }

  func render(into canvas: inout Canvas, area: Rect, context: ScreenContext) {
    canvas.put("Invoices of \(context.snapshot.account.email)", x: area.x, y: area.y, style: .title)
  }
}

@Suite struct AddAScreenRecipeTests {
  @Test func theRecipesScreenAnswersItsKeysAndDraws() {
    let context = ScreenContext(
      snapshot: Fixtures.snapshot(Fixtures.customer()), glyphs: .unicode, isDemo: false)
    var screen: any Screen = InvoicesView()
    #expect(screen.handle(.character("j"), in: context)?.isEmpty == true)
    #expect((screen as? InvoicesView)?.selected == 1)
    #expect(screen.handle(.character("x"), in: context) == nil, "an unbound key goes to the global keys")
    #expect(screen.helpRows(in: context).map(\.keys) == ["↑/k", "↓/j"])
    var canvas = Canvas(width: 40, height: 3)
    screen.render(into: &canvas, area: Rect(x: 0, y: 0, width: 40, height: 3), context: context)
    #expect(canvas.lines[0] == "Invoices of ava@example.com")
  }
}
