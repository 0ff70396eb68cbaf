import Billing
import Foundation
import TerminalUI
import Testing

@testable import Dashboard

/// Screens as components: the registry drives the sidebar and the section keys, and one
/// binding table per screen drives dispatch, the bottom bar and `?`.
@Suite struct ScreenComponentTests {
  @Test func sectionsAndTheirKeysFollowTheRegistry() {
    #expect(
      Section.allCases.map(\.title) == [
        "Usage stats", "Pricing", "Account settings", "Proxy users", "Notifications",
      ])
    #expect(Section.allCases.map(\.key) == ["1", "2", "3", "4", "5"].map { Key.character(Character($0)) })
    for section in Section.allCases {
      var state = Fixtures.state(section: .usage)
      Fixtures.press([section.key], on: &state)
      #expect(state.section == section)
      #expect(state.render().lines[0].contains(section.title))
    }
  }

  /// The live subscriptions are listed one blank row under the last section, wherever
  /// that is, not at a fixed row.
  @Test func sidebarListsSubscriptionsUnderTheSections() {
    let lines = Fixtures.state().render().lines
    let sections = Section.allCases
    let last = lines.firstIndex { $0.hasPrefix(" \(sections.count) \(sections[sections.count - 1].title)") }
    #expect(last == 1 + sections.count * 2)
    #expect(last.map { lines[$0 + 2].hasPrefix(" Residential") } == true)
  }

  /// Every key a screen's table lists reaches that screen: the bottom bar and `?` can
  /// only show keys that dispatch.
  @Test(arguments: Section.allCases)
  func everyHintedKeyIsHandledByItsScreen(section: Section) {
    let state = Fixtures.state(width: 120, height: 40, section: section)
    let context = state.context(state.snapshot ?? Fixtures.snapshot(Fixtures.customer()))
    let rows = state.screens[state.currentIndex].helpRows(in: context)
    #expect(!rows.isEmpty)
    let bar = state.render().lines[39]
    for row in rows where row.isHinted {
      #expect(bar.contains("\(row.keys) \(row.label)"), "\(section): \(row.keys) \(row.label) not in \(bar)")
    }
  }

  /// A cancelled subscription no longer offers `c cancel` but `c resume` (R22a, DESIGN's
  /// key map: "cancel (on a cancelled one: resume)"), in the bottom bar, the tab's own
  /// list and `?`; the key opens the resume pop-up. (It was disabled before R22a.)
  @Test func R22a_cancelledSubscriptionOffersResumeInsteadOfCancel() {
    var account = Fixtures.customer()
    account.subscriptions[0].state = .cancelled
    account.subscriptions[0].autoRenew = false
    var state = Fixtures.state(account, width: 120, height: 40)
    let screen = state.render().lines
    #expect(!screen[39].contains("c cancel"))
    #expect(screen[39].contains("c resume"))
    #expect(!screen.contains { $0.contains("c Cancel subscription") })
    #expect(screen.contains { $0.contains("c Resume subscription") })
    #expect(screen[39].contains("u payment"))

    Fixtures.press([.character("?")], on: &state)
    #expect(state.render().text.contains("Resume subscription (asks first)"))

    Fixtures.press([.escape, .character("c")], on: &state)
    guard let popup = state.overlay as? CancelPopup else {
      Issue.record("no resume pop-up")
      return
    }
    #expect(popup.resumes)
  }

  /// Ended and refunded subscriptions offer neither: the key says why.
  @Test func R22_endedSubscriptionStopsOfferingCancel() {
    var account = Fixtures.customer()
    account.subscriptions[0].state = .ended
    account.subscriptions[0].autoRenew = false
    var state = Fixtures.state(account, width: 120, height: 40)
    #expect(!state.render().lines[39].contains("c cancel"))
    Fixtures.press([.character("c")], on: &state)
    #expect(state.overlay == nil)
    #expect(state.banner == Banner("This subscription is ended: there is nothing to cancel.", tone: .warning))
  }

  @Test func R22_activeSubscriptionOffersCancel() {
    let screen = Fixtures.state(width: 120, height: 40).render().lines
    #expect(screen[39].contains("c cancel"))
    #expect(screen.contains { $0.contains("c Cancel subscription") })
  }
}
