import Billing
import Foundation
import TerminalUI
import Testing

@testable import Dashboard

/// The demo's persona switcher: a salesperson types the persona's first letter instead of
/// counting rows, and the tour does the same, so reordering personas breaks nothing.
@Suite struct PersonaMenuTests {
  static let personas = ["ava", "ben", "cara", "carl", "gil"].map {
    PersonaInfo(email: "\($0)@example.com", situation: "the \($0) case")
  }

  static func menuOpen() -> AppState {
    var state = AppState(width: 100, height: 30, isDemo: true, personas: personas)
    _ = state.apply(.loggedIn(Fixtures.snapshot(Fixtures.customer())))
    state.banner = nil
    Fixtures.press([.character("p")], on: &state)
    return state
  }

  @Test func aLetterJumpsToThePersonaAndEnterSwitches() {
    var state = Self.menuOpen()
    Fixtures.press([.character("g")], on: &state)
    #expect(Fixtures.press([.enter], on: &state) == [.switchPersona(email: "gil@example.com")])
  }

  @Test func theSameLetterAgainGoesToTheNextMatch() {
    var state = Self.menuOpen()
    Fixtures.press([.character("c"), .character("c")], on: &state)
    #expect(Fixtures.press([.enter], on: &state) == [.switchPersona(email: "carl@example.com")])
  }

  @Test func aLetterNoPersonaStartsWithChangesNothing() {
    var state = Self.menuOpen()
    Fixtures.press([.character("z")], on: &state)
    // Still on the first row, Account settings: Enter opens it (which loads its
    // invoices), no switch.
    #expect(Fixtures.press([.enter], on: &state) == [.loadInvoices])
    #expect(state.section == .account)
    #expect(state.overlay == nil)
  }

  @Test func theMenuHintsItsOwnKeys() {
    let bottom = Self.menuOpen().render().lines[29]
    #expect(bottom.contains("a–z persona"))
    #expect(bottom.contains("Enter choose"))
    #expect(!bottom.contains("Tab next"))
  }

  @Test func aLongSituationIsShownWholeForTheSelectedPersona() {
    let long = "First order: Residential Starter paid 1 day ago, 1.2 GB used: refund-eligible until Wednesday"
    var state = AppState(
      width: 80, height: 24, isDemo: true,
      personas: [PersonaInfo(email: "cara@example.com", situation: long)])
    _ = state.apply(.loggedIn(Fixtures.snapshot(Fixtures.customer())))
    Fixtures.press([.character("p"), .character("c")], on: &state)
    let screen = state.render()
    // The menu row is cut at 80 columns; the lines under the list hold every word.
    #expect(screen.contains("…"))
    let words = screen.lines.joined(separator: " ")
    #expect(words.contains("refund-eligible until Wednesday"))
  }
}
