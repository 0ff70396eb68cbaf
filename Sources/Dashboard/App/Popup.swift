import Billing
import TerminalUI

/// What a pop-up sees of the dashboard besides its own state.
public struct PopupContext: Sendable {
  /// Nil on the log-in screen (the quit confirmation is the only pop-up there).
  public var snapshot: Snapshot?
  public var glyphs: Glyphs
  public var isDemo: Bool
  /// The part of the screen a pop-up may cover: everything between the top bar and the
  /// bottom bar. Handlers read it too, because how far a list scrolls depends on it.
  public var area: Rect

  public init(snapshot: Snapshot?, glyphs: Glyphs, isDemo: Bool, area: Rect) {
    self.snapshot = snapshot
    self.glyphs = glyphs
    self.isDemo = isDemo
    self.area = area
  }

  public var calendar: BillingCalendar { snapshot?.calendar ?? .utc }
}

/// What a key (or an answer from the runtime) did to a pop-up: whether it closes, and
/// what it asks of the dashboard, applied after it closed (so a pop-up can replace
/// itself with another through `.overlay`).
public struct PopupResult: Sendable {
  public var closes: Bool
  public var requests: [ScreenRequest]

  public init(closes: Bool, requests: [ScreenRequest] = []) {
    self.closes = closes
    self.requests = requests
  }

  public static let stay = PopupResult(closes: false)
  public static let close = PopupResult(closes: true)
  public static func stay(_ requests: [ScreenRequest]) -> PopupResult {
    .init(closes: false, requests: requests)
  }
  public static func close(_ requests: [ScreenRequest]) -> PopupResult {
    .init(closes: true, requests: requests)
  }
}

/// A pop-up or form floating over the current screen (CRAFT.md: a component owns its
/// state, its keys, its update and its drawing). Adding one is its own file; a screen
/// opens it with `ScreenRequest.overlay`, and the dashboard routes keys, pastes and the
/// runtime's answers to it without knowing its type.
public protocol Popup: Sendable {
  /// The keys the pop-up answers now: the bottom bar, `?` and the box's own hint line
  /// read these rows, and `handle` dispatches through the same table.
  func helpRows(in context: PopupContext) -> [HelpRow]

  mutating func handle(_ key: Key, in context: PopupContext) -> PopupResult

  func render(into canvas: inout Canvas, area: Rect, context: PopupContext)

  /// Pasted text (R32) for the focused text field; false, and nothing changes, when the
  /// pop-up has none focused.
  mutating func paste(_ text: String, in context: PopupContext) -> Bool

  /// Whether quitting now would lose typed input (`q` asks first).
  var hasInput: Bool { get }

  /// The money confirmation whose buttons are live, if any (R32, ConfirmationArming).
  var moneyConfirmation: MoneyConfirmation? { get }

  /// An answer from the runtime while the pop-up is open; nil when it is not the pop-up's
  /// to show, so the dashboard shows it (in the banner).
  mutating func receive(_ event: AppEvent, in context: PopupContext) -> PopupResult?
}

extension Popup {
  public mutating func paste(_ text: String, in context: PopupContext) -> Bool { false }
  public var hasInput: Bool { false }
  public var moneyConfirmation: MoneyConfirmation? { nil }
  public mutating func receive(_ event: AppEvent, in context: PopupContext) -> PopupResult? { nil }
}

/// Most pop-ups: a key table and what its actions do. Dispatch and help come from the
/// table, so the two cannot disagree.
public protocol BindingPopup: Popup {
  associatedtype Action: Hashable & Sendable

  func bindings(in context: PopupContext) -> [KeyBinding<Action>]

  /// Does what an enabled binding's action means.
  mutating func perform(_ action: Action, in context: PopupContext) -> PopupResult
}

extension BindingPopup {
  public func helpRows(in context: PopupContext) -> [HelpRow] { bindings(in: context).helpRows() }

  /// A disabled binding's key says why in the banner and leaves the pop-up open.
  public mutating func handle(_ key: Key, in context: PopupContext) -> PopupResult {
    dispatch(key, in: context)
  }

  /// The key's binding carried out; a key the table does not hold does nothing.
  public mutating func dispatch(_ key: Key, in context: PopupContext) -> PopupResult {
    guard let binding = bindings(in: context).binding(for: key) else {
      // `?` lists this pop-up's keys, those that do not work now with the reason, and
      // comes back here when closed.
      guard key == .character("?") else { return .stay }
      return .close([
        .overlay(HelpPopup(title: "Help · this pop-up", rows: helpRows(in: context), returnsTo: self))
      ])
    }
    if let reason = binding.disabledReason { return .stay([.banner(Banner(reason, tone: .warning))]) }
    return perform(binding.action, in: context)
  }

  /// The box's hint line: the bottom bar's rows, so the two cannot disagree.
  public func hintLine(in context: PopupContext) -> String { bindings(in: context).hintLine() }
}
