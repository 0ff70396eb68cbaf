import Billing
import TerminalUI

/// What a screen sees of the dashboard besides its own state.
public struct ScreenContext: Sendable {
  public var snapshot: Snapshot
  public var glyphs: Glyphs
  public var isDemo: Bool

  public init(snapshot: Snapshot, glyphs: Glyphs, isDemo: Bool) {
    self.snapshot = snapshot
    self.glyphs = glyphs
    self.isDemo = isDemo
  }
}

/// What a screen asks of the dashboard after a key: the things that reach beyond its
/// own state (Bubble Tea's commands, lazygit's helpers).
public enum ScreenRequest: Sendable {
  case effect(Effect)
  /// Opens a pop-up over the screen (in place of the one that asked, if any).
  case overlay(any Popup)
  case banner(Banner)
  /// Opens checkout for a plan; the dashboard refuses a past-due product and numbers the
  /// checkout's idempotency key.
  case checkout(planID: String)
  /// Opens the extra-traffic or proxy-user purchase for a subscription.
  case extra(ExtraKind, Subscription)
  /// Shows a section, fresh from its start (the profile menu's Account settings).
  case show(Section)
  /// An event for the screens' own state (a custom range chosen in its pop-up).
  case tell(AppEvent)
}

/// One section of the dashboard (CRAFT.md: a screen is a component): it owns its state,
/// its key table, what a key does, what it loads and how it draws. Adding one is its
/// own file plus a line in `ScreenRegistry`.
public protocol Screen: Sendable {
  associatedtype Action: Hashable & Sendable

  /// The sidebar entry and the top bar's title.
  static var section: Section { get }

  /// The state the screen starts with after a log-in.
  init()

  /// The keys the screen answers now: dispatch, the bottom bar and `?` read this one table.
  func bindings(in context: ScreenContext) -> [KeyBinding<Action>]

  /// Does what an enabled binding's action means.
  mutating func perform(_ action: Action, in context: ScreenContext) -> [ScreenRequest]

  func render(into canvas: inout Canvas, area: Rect, context: ScreenContext)

  /// Data the screen shows that a snapshot does not carry: loaded when the screen is
  /// shown and again after every change.
  func load(in context: ScreenContext) -> [Effect]

  /// The screen is being switched to (a sidebar key or the profile menu).
  mutating func enter()

  /// An answer from the runtime; most screens ignore them.
  mutating func receive(_ event: AppEvent)
}

extension Screen {
  public func load(in context: ScreenContext) -> [Effect] { [] }
  public mutating func enter() {}
  public mutating func receive(_ event: AppEvent) {}

  public func helpRows(in context: ScreenContext) -> [HelpRow] { bindings(in: context).helpRows() }

  /// The key's binding carried out; nil when the screen has no binding for it, so the
  /// global keys get it. A disabled binding says why instead.
  public mutating func handle(_ key: Key, in context: ScreenContext) -> [ScreenRequest]? {
    guard let binding = bindings(in: context).binding(for: key) else { return nil }
    if let reason = binding.disabledReason { return [.banner(Banner(reason, tone: .warning))] }
    return perform(binding.action, in: context)
  }
}
