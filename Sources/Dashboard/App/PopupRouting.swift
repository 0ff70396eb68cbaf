import Billing
import TerminalUI

/// How the dashboard talks to the open pop-up without knowing its type: keys, pastes and
/// the runtime's answers go in, a `PopupResult` comes out and is carried out here.
extension AppState {
  /// What the open pop-up sees of the dashboard.
  var popupContext: PopupContext {
    PopupContext(
      snapshot: snapshot, glyphs: glyphs, isDemo: isDemo,
      area: DashboardFrame(width: width, height: height).body)
  }

  /// Routes a key to the open pop-up, through the table its hints come from.
  mutating func handlePopup(_ key: Key) -> [Effect] {
    guard var popup = overlay else { return [] }
    let result = popup.handle(key, in: popupContext)
    return settle(popup, result)
  }

  /// Gives the open pop-up an answer from the runtime; nil when it has none open or the
  /// pop-up leaves the answer to the dashboard.
  mutating func tellPopup(_ event: AppEvent) -> [Effect]? {
    guard var popup = overlay, let result = popup.receive(event, in: popupContext) else { return nil }
    return settle(popup, result)
  }

  /// Keeps the pop-up's new state, or closes it, then carries out what it asked (which
  /// may open another pop-up in its place).
  private mutating func settle(_ popup: any Popup, _ result: PopupResult) -> [Effect] {
    overlay = result.closes ? nil : popup
    return carryOut(result.requests)
  }

  /// `?`'s rows: the current screen's table, a blank row, then the global keys.
  func helpRows(_ snapshot: Snapshot) -> [HelpRow] {
    let rows = screens[currentIndex].helpRows(in: context(snapshot))
    let global = GlobalKeys.bindings.helpRows() + (isDemo ? GlobalKeys.demoBindings.helpRows() : [])
    return rows + [HelpRow(keys: "", label: "", help: "", hint: false)] + global
  }
}
