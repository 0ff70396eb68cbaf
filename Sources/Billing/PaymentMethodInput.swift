/// A payment method as the customer enters it (R16). It lives beside the rules that
/// check it, so a form can build one without linking the services.
public enum PaymentMethodInput: Sendable, Equatable {
  case card(CardEntry)
  case payPal(email: String)
  /// Files a support request and throws `.billing(.btcThroughSupport)`.
  case btc
}
