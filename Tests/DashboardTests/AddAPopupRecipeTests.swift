import Billing
import Foundation
import TerminalUI
import Testing

@testable import Dashboard

// README's "Adding a pop-up", as written there: if the recipe stops compiling, this file
// does too.
struct RenamePopup: BindingPopup, Hashable {
  var name: String
  enum Action: Hashable, Sendable { case confirm, close }

  func bindings(in context: PopupContext) -> [KeyBinding<Action>] {
    [
      KeyBinding([.character("y")], "rename", "Rename it", .confirm),
      KeyBinding([.escape, .character("n")], "close", "Close", .close, shownAs: "Esc"),
    ]
  }

  mutating func perform(_ action: Action, in context: PopupContext) -> PopupResult {
    switch action {
    case .confirm: .close([.banner(Banner("Renamed \(name).", tone: .success))])
    case .close: .close
    }
  }

  func render(into canvas: inout Canvas, area: Rect, context: PopupContext) {
    let box = area.centered(width: 40, height: 6)
    canvas.popup(box, title: "Rename \(name)?", glyphs: context.glyphs)
    canvas.put(hintLine(in: context), x: box.x + 3, y: box.y + 3, style: .muted)
  }
}

@Suite struct AddAPopupRecipeTests {
  /// Opened the way a screen opens it, the recipe's pop-up gets the keys, hints in the
  /// bottom bar and its box from one table, and closes with what it asked for.
  @Test func theRecipesPopupAnswersItsKeysHintsAndDraws() {
    var state = Fixtures.state()
    _ = state.carryOut([.overlay(RenamePopup(name: "alpha"))])
    let screen = state.render()
    #expect(screen.contains("Rename alpha?"))
    #expect(screen.contains("y rename · Esc close"), "the box's hint line")
    #expect(screen.lines[screen.height - 1].contains("y rename"), "the bottom bar")
    #expect(Fixtures.press([.character("1")], on: &state).isEmpty, "an unbound key does nothing")
    #expect(state.overlay is RenamePopup, "…and the pop-up keeps every key while open")
    Fixtures.press([.character("y")], on: &state)
    #expect(state.overlay == nil)
    #expect(state.banner?.text == "Renamed alpha.")
  }
}
