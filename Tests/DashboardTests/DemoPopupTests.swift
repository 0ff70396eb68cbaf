import Billing
import DashboardRuntime
import Foundation
import Services
import TerminalUI
import Testing

@testable import Dashboard

/// Issue 15's pop-ups: the cancel pop-up's optional reason and support offer, and the
/// demo reset's confirmation.
@Suite struct CancelReasonPopupTests {
  static func subscriptionID(_ state: AppState) -> String {
    state.snapshot?.account.subscriptions[0].id ?? ""
  }

  /// R22: the focus stays on Keep and `y` still confirms (the scripts' contract); with no
  /// reason chosen, none is sent.
  @Test func R22_yConfirmsWithoutAReasonWhenNoneIsChosen() {
    var state = Fixtures.state()
    Fixtures.press([.character("c")], on: &state)
    let popup = try? #require(state.overlay as? CancelPopup)
    #expect(popup?.focus == 0)
    #expect(popup?.reason == nil)
    let screen = state.render()
    #expect(screen.contains("Reason (optional): ◂ none ▸"))
    #expect(screen.contains("Not right? Support may fix it first: \(Support.email)"))
    let effects = Fixtures.press([.character("y")], on: &state)
    #expect(effects == [.cancel(subscriptionID: Self.subscriptionID(state), reason: nil)])
  }

  /// ↓ and ↑ step through the reasons and back to none; the chosen one goes with `y`.
  @Test func R22_arrowsChooseTheReasonThatGoesWithTheCancellation() {
    var state = Fixtures.state()
    Fixtures.press([.character("c"), .down, .down], on: &state)
    #expect((state.overlay as? CancelPopup)?.reason == .notUsing)
    #expect(state.render().contains("Reason (optional): ◂ Not using it ▸"))
    Fixtures.press([.up, .up], on: &state)
    #expect((state.overlay as? CancelPopup)?.reason == nil)
    // Up from none wraps to the last reason, Other.
    Fixtures.press([.up], on: &state)
    #expect((state.overlay as? CancelPopup)?.reason == .other)
    // Arrows move the reason, never the button focus: Enter still keeps.
    #expect((state.overlay as? CancelPopup)?.focus == 0)
    let kept = Fixtures.press([.enter], on: &state)
    #expect(kept.isEmpty)
    #expect(state.overlay == nil)
    Fixtures.press([.character("c"), .down], on: &state)
    let effects = Fixtures.press([.character("y")], on: &state)
    #expect(effects == [.cancel(subscriptionID: Self.subscriptionID(state), reason: .tooExpensive)])
  }

  /// The hints list the reason keys; the box stays inside an 80×24 screen.
  @Test func R22_theReasonKeysAreHintedAndTheBoxFitsAt80x24() {
    var state = Fixtures.state()
    Fixtures.press([.character("c")], on: &state)
    let lines = state.render().lines
    #expect(lines.contains { $0.contains("y cancel it · n/Esc keep it · ↑/↓ reason") })
    #expect(PopupKeyTests.bottomBar(state).contains("↑/↓ reason"))
    #expect(lines.contains { $0.contains("[ Keep subscription ]") })
    #expect(lines.contains { $0.contains("└") && $0.contains("┘") })
  }
}

@Suite struct ResetDemoPopupTests {
  static func demoState() -> AppState {
    var state = Fixtures.state()
    state.isDemo = true
    return state
  }

  /// Issue 15: `R` reset the demo at once, without a word; now it asks first.
  @Test func rAsksBeforeResettingAndNKeepsEverything() {
    var state = Self.demoState()
    let asked = Fixtures.press([.character("R")], on: &state)
    #expect(asked.isEmpty)
    #expect(state.overlay is ResetDemoPopup)
    let screen = state.render()
    #expect(screen.contains("Reset the demo?"))
    #expect(screen.contains("Everything done in this demo is lost"))
    #expect(Fixtures.press([.character("n")], on: &state).isEmpty)
    #expect(state.overlay == nil)
    #expect(state.banner?.text == "Nothing was reset.")
  }

  @Test func yResets() {
    var state = Self.demoState()
    Fixtures.press([.character("R")], on: &state)
    #expect(Fixtures.press([.character("y")], on: &state) == [.resetDemo])
    #expect(state.overlay == nil)
  }

  @Test func outsideTheDemoRDoesNothing() {
    var state = Fixtures.state()
    #expect(Fixtures.press([.character("R")], on: &state).isEmpty)
    #expect(state.overlay == nil)
  }

  /// After the reset a banner says so, with the clock it went back to.
  @Test func theResetEndsWithABannerSayingItWasReset() throws {
    var demo: DemoRuntime?
    let made = try DemoRuntime(isDemo: true) { () throws(ServiceError) -> ProxyDashService in
      guard let demo else { throw .invalidInput("no demo") }
      demo.clock.set(Fixtures.now)
      return demo.runtime.service
    }
    demo = made
    // The closure holds the world through `demo`: let go of it so the store folder goes.
    defer { demo = nil }
    made.runtime.send(.key(.character("]")))
    #expect(made.runtime.render().text.contains("DEMO 17 Nov 2026"))
    made.runtime.send(.key(.character("R")))
    made.runtime.markFrameShown()
    made.runtime.send(.key(.character("y")))
    let screen = made.runtime.render().text
    #expect(screen.contains("Demo reset: every persona's data is back as shipped"), "\(screen)")
    #expect(screen.contains("DEMO 16 Nov 2026"))
  }
}
