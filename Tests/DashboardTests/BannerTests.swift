import Foundation
import TerminalUI
import Testing

@testable import Dashboard

/// The message line under the content: whatever its length, a customer reads all of it.
@Suite struct BannerTests {
  @Test func aShortMessageSitsBesideTheSidebar() {
    var state = Fixtures.state()
    state.banner = Banner("Saved.", tone: .success)
    let lines = state.render().lines
    #expect(lines[22] == String(repeating: " ", count: 22) + "Saved.")
  }

  @Test func aMessageTooLongBesideTheSidebarStartsAtTheLeftEdge() {
    var state = Fixtures.state()
    let text = "This subscription is past due: update the payment method to retry the renewal."
    state.banner = Banner(text, tone: .danger)
    let lines = state.render().lines
    #expect(lines[22] == " " + text)
  }

  @Test func aMessageLongerThanTheScreenWrapsOntoTheRowAbove() {
    var state = Fixtures.state()
    let text =
      "The store at /home/someone/.local/share/proxydash/proxydash.sqlite is busy (another ProxyDash is writing); try again."
    state.banner = Banner(text, tone: .danger)
    let lines = state.render().lines
    #expect(lines[21].hasPrefix(" The store at "))
    #expect(!lines[21].contains("│"))
    #expect(lines[22].hasSuffix("try again."))
    let shown = (lines[21] + lines[22]).split(separator: " ").joined(separator: " ")
    #expect(shown == text)
  }
}
