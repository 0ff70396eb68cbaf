import Billing
import Foundation
import TerminalUI
import Testing

@testable import Dashboard

/// Pop-ups and forms dispatch through the tables their hints come from, so the bottom
/// bar, the pop-up's own hint line and the keys agree.
@Suite struct PopupKeyTests {
  static func bottomBar(_ state: AppState) -> String { state.render().lines[state.height - 1] }

  /// The cancel pop-up said "y cancel it · n/Esc keep it" while the bottom bar said
  /// "y yes  n/Esc no": both now read the pop-up's table.
  @Test func R22_cancelPopupHintLineAndBottomBarAgree() {
    var state = Fixtures.state()
    Fixtures.press([.character("c")], on: &state)
    let lines = state.render().lines
    #expect(lines.contains { $0.contains("y cancel it · n/Esc keep it") })
    #expect(Self.bottomBar(state).contains("y cancel it  n/Esc keep it"))
  }

  /// A refund that is not available is not offered (issue 15): `r` leaves the bar, and
  /// pressing it names the failing condition instead of opening a pop-up (R20).
  @Test func R20_refusedRefundIsNotOfferedAndSaysWhy() {
    var state = Fixtures.state()
    #expect(!Self.bottomBar(state).contains("r refund"))
    Fixtures.press([.character("r")], on: &state)
    #expect(state.overlay == nil)
    #expect(state.render().contains("The 3-day money-back window ended"))
  }

  @Test func R20_eligibleRefundHintsMatchItsBox() {
    var state = Fixtures.state(Fixtures.customer(planID: "res-starter", daysAgo: 1, usedGB: 1))
    Fixtures.press([.character("r")], on: &state)
    #expect(state.render().contains("y request · n/Esc keep"))
    #expect(Self.bottomBar(state).contains("y request  n/Esc keep"))
    let effects = Fixtures.press([.character("y")], on: &state)
    #expect(effects == [.requestRefund(subscriptionID: state.snapshot?.account.subscriptions[0].id ?? "")])
  }

  /// Every hinted key of a pop-up does something: pressing each one of those that
  /// close or keep leaves no pop-up.
  @Test func closingKeysOfEveryPopupClose() {
    let openers: [(String, [Key])] = [
      ("help", [.character("?")]), ("cancel", [.character("c")]), ("refund", [.character("r")]),
      ("profile menu", [.character("p")]), ("payment form", [.character("u")]),
    ]
    for (name, keys) in openers {
      // Inside the refund window, so that `r` opens its pop-up too.
      var state = Fixtures.state(Fixtures.customer(planID: "res-starter", daysAgo: 1, usedGB: 1))
      Fixtures.press(keys, on: &state)
      guard let overlay = state.overlay else {
        Issue.record("\(name) did not open")
        continue
      }
      let closing = overlay.helpRows(in: state.popupContext).filter {
        ["close", "keep it", "keep"].contains($0.label)
      }
      #expect(!closing.isEmpty, "\(name) hints no way out")
      #expect(Self.bottomBar(state).contains("Esc"), "\(name): \(Self.bottomBar(state))")
      Fixtures.press([.escape], on: &state)
      #expect(state.overlay == nil, "Esc left \(name) open")
    }
  }

  @Test func quitConfirmationHintsFromItsTable() {
    var state = AppState(width: 80, height: 24)
    Fixtures.press([.character("a"), .escape], on: &state)
    #expect(state.overlay is QuitPopup)
    #expect(state.render().contains("y quit · n/Esc stay"))
    #expect(Fixtures.press([.character("y")], on: &state) == [.quit])
  }

  @Test func profileMenuHintsPersonaLettersOnlyWithPersonas() {
    var plain = Fixtures.state()
    Fixtures.press([.character("p")], on: &plain)
    #expect(!Self.bottomBar(plain).contains("a–z"))
    #expect(Self.bottomBar(plain).contains("↑/↓ move  Enter choose  Esc close"))
  }
}

/// `?` inside a pop-up lists its keys, the disabled ones with why, and goes back to it.
@Suite struct PopupHelpTests {
  @Test func questionMarkInAPopupShowsItsKeysAndReturnsToIt() {
    var state = Fixtures.state()
    Fixtures.press([.character("c")], on: &state)
    #expect(state.overlay is CancelPopup)
    Fixtures.press([.character("?")], on: &state)
    let screen = state.render()
    #expect(screen.contains("Help · this pop-up"), "\(screen)")
    #expect(screen.contains("Cancel the subscription"))
    Fixtures.press([.escape], on: &state)
    #expect(state.overlay is CancelPopup, "closing help goes back to the pop-up")
    // R32: the confirmation was off screen meanwhile, so it needs a frame before keys.
    #expect(Fixtures.press([.character("n")], on: &state).isEmpty)
  }
}
