import Billing
import Foundation
import TerminalUI

/// A one-line message under the content: what just happened.
public struct Banner: Hashable, Sendable {
  public enum Tone: Hashable, Sendable { case info, success, warning, danger }
  public var text: String
  public var tone: Tone

  public init(_ text: String, tone: Tone = .info) {
    self.text = text
    self.tone = tone
  }
}

/// A demo persona for the profile menu's switcher.
public struct PersonaInfo: Hashable, Sendable {
  public var email: String
  public var situation: String

  public init(email: String, situation: String) {
    self.email = email
    self.situation = situation
  }
}

/// The whole dashboard as a value: `update` changes it, `render` draws it.
public struct AppState: Sendable {
  public var width: Int
  public var height: Int
  public var glyphs: Glyphs
  public var isDemo: Bool
  public var personas: [PersonaInfo]
  public var snapshot: Snapshot?
  public var login = LoginView()
  public var section: Section = .account
  /// One state per registered screen, in `ScreenRegistry` order.
  public var screens: [any Screen] = ScreenRegistry.all.map { $0.init() }
  /// The pop-up or form over the screen; it gets every key while it is open.
  public var overlay: (any Popup)?
  public var banner: Banner?
  /// The guided tour's caption, drawn above the banner.
  public var caption: String?
  public var isQuitting = false
  /// Makes idempotency keys unique within this run: one per checkout opened.
  public var checkoutSerial = 0
  /// The money confirmation last drawn on screen; keys reach only that one (R32,
  /// `ConfirmationArming.swift`).
  public internal(set) var shownMoneyConfirmation: MoneyConfirmation?

  public init(
    width: Int, height: Int, ascii: Bool = false, isDemo: Bool = false, personas: [PersonaInfo] = []
  ) {
    self.width = width
    self.height = height
    self.glyphs = ascii ? .ascii : .unicode
    self.isDemo = isDemo
    self.personas = personas
  }

  /// DESIGN.md: below 80×24 the dashboard shows `Terminal too small`.
  public static let minimumWidth = 80
  public static let minimumHeight = 24

  public var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

  /// The state of the screen of type `S`.
  public subscript<S: Screen>(_ type: S.Type) -> S {
    get {
      // Every registered type has exactly one entry, made in `init`.
      screens.lazy.compactMap { $0 as? S }.first ?? S()
    }
    set {
      if let index = screens.firstIndex(where: { $0 is S }) { screens[index] = newValue }
    }
  }

  /// Where the current section's screen is in `screens`.
  var currentIndex: Int { ScreenRegistry.all.firstIndex { $0.section == section } ?? 0 }

  func context(_ snapshot: Snapshot) -> ScreenContext {
    ScreenContext(snapshot: snapshot, glyphs: glyphs, isDemo: isDemo)
  }

  /// A fresh idempotency key for a checkout that is being opened.
  mutating func nextCheckoutKey(_ purpose: String) -> String {
    checkoutSerial += 1
    let account = snapshot?.account
    let stamp = Int(snapshot?.now.timeIntervalSince1970 ?? 0)
    return "\(account?.id ?? "anon")-\(purpose)-\(account?.orders.count ?? 0)-\(stamp)-\(checkoutSerial)"
  }

  /// Whether a form holds typed input that quitting would lose.
  var hasUnsavedInput: Bool {
    if let overlay, overlay.hasInput { return true }
    if snapshot == nil { return login.hasInput }
    return false
  }
}
