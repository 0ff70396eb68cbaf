import Billing
import TerminalUI

/// A use case's refusal as the dashboard needs it: the words for the customer and the
/// few cases a screen answers in its own way. The runtime builds it from the services'
/// error, so the interface never links the services.
public struct Failure: Error, Hashable, Sendable {
  public enum Kind: Hashable, Sendable {
    /// Shown where the customer typed, else in the banner.
    case refused
    /// Each problem goes under its own card field.
    case cardRejected(CardEntryRejection)
    /// BTC is set up by support: a pop-up says so and the screen reloads.
    case btcThroughSupport
    /// Another process changed the account: the screen reloads.
    case changedElsewhere
    /// The account changed under a payment (a new quote, another payment open, a
    /// payment returned): said where the customer typed, then the screen reloads so the
    /// customer reviews fresh figures.
    case paymentOutdated
    /// About one input of the form that asked: the form shows it on that field.
    case field(InputField)
  }

  /// The inputs a service can refuse by name.
  public enum InputField: Hashable, Sendable {
    /// A proxy user's name already used for the product.
    case proxyUserName
    /// The current password given to change it.
    case currentPassword
  }

  /// Whether a form that sent the request shows it (keeping its input); the others
  /// reload or need a pop-up of their own, which the dashboard does.
  public var isForTheForm: Bool {
    switch kind {
    case .refused, .cardRejected, .field: true
    case .btcThroughSupport, .changedElsewhere, .paymentOutdated: false
    }
  }

  public var kind: Kind
  public var message: String

  public init(_ kind: Kind = .refused, message: String) {
    self.kind = kind
    self.message = message
  }
}
