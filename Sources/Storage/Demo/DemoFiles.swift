import Billing
import Foundation

// The shapes of the demo-data files that are not Billing values themselves. Field
// names are meant to be read and edited by hand; unknown fields (such as "note") are
// ignored, so a file can carry remarks for the next editor.

/// `plans.json`: `{"plans": [Plan, ...]}`.
struct PlansFile: Decodable {
  var plans: [Plan]
}

/// One entry of `coupons.json`.
struct CouponEntry: Decodable {
  var code: String
  /// Percent off the pre-VAT amount (R17), e.g. 10 or 7.5.
  var percent: Double?
  /// A fixed amount off, in cents.
  var amountCents: Int64?
  var recurring: Bool
  /// ISO 8601 instant or day; the coupon is refused from then on.
  var expires: String?
  var product: Product?
}

struct CouponsFile: Decodable {
  var coupons: [CouponEntry]
}

/// `demo.json`: what makes every demo start the same.
struct DemoSettingsFile: Decodable {
  var now: String
  var password: String
  var usageSeed: UInt64
}

/// A payment method as a salesperson writes it:
/// `{"type": "card", "brand": "Visa", "last4": "4242", "expiry": "08/2028", "holder": "…", "token": "tok_visa_4242"}`,
/// `{"type": "paypal", "email": "…"}` or `{"type": "btc"}`.
struct PaymentMethodEntry: Decodable {
  var type: String
  var brand: String?
  var last4: String?
  var expiry: String?
  var holder: String?
  var token: String?
  var email: String?
}

struct ProxyUserEntry: Decodable {
  var name: String
  var product: Product
  /// The proxy-authentication password; the store hashes it.
  var password: String
  /// Optional traffic limit per billing period, in GB.
  var limitGB: Double?
  /// This user's weight in the product's traffic (default 1).
  var share: Double?
  /// When the user was created (offset from now); default: the product's first purchase.
  var since: String?
}

/// How much traffic a product's proxy users make, and how it varies.
struct UsageProfileEntry: Decodable {
  var product: Product
  /// Average GB per day at the demo's now, shared among the product's users.
  var gbPerDay: Double
  /// Yearly growth: 0.3 means a year before now traffic was 30 % lower.
  var growthPerYear: Double?
  /// 0 = smooth, 0.5 = jumpy; day-to-day and hour-to-hour variation.
  var noise: Double?
  /// When set, the current period's records are scaled so `used` is this many GB at now.
  var currentPeriodGB: Double?
}

/// One thing the customer (or support) did; exactly one verb per action.
struct ActionEntry: Decodable {
  var at: String
  var buy: String?
  var coupon: String?
  var buyViaSupport: String?
  var extraGB: Int?
  var buyProxyUsers: Int?
  var cancel: Bool?
  var refund: Bool?
  var changePaymentMethod: PaymentMethodEntry?
  /// Which subscription a non-purchase action is for, when the account has two.
  var product: Product?

  /// The verb, for messages and dispatch.
  var verb: String? {
    let verbs = [
      buy.map { _ in "buy" }, buyViaSupport.map { _ in "buyViaSupport" },
      extraGB.map { _ in "extraGB" }, buyProxyUsers.map { _ in "buyProxyUsers" },
      cancel == true ? "cancel" : nil, refund == true ? "refund" : nil,
      changePaymentMethod.map { _ in "changePaymentMethod" },
    ].compactMap { $0 }
    return verbs.count == 1 ? verbs[0] : nil
  }
}

/// One demo customer, as a history that the loader replays through Billing.
struct PersonaEntry: Decodable {
  var email: String
  /// The account id, from which order ids derive; default: the email's local part.
  var id: String?
  var name: String
  var company: String?
  var country: String
  var vatID: String?
  var timeZone: String?
  /// One line for the demo's persona switcher.
  var situation: String
  /// When the account was created (offset from now); default: its first action.
  var signedUp: String?
  var paymentMethod: PaymentMethodEntry
  var proxyUsers: [ProxyUserEntry]
  var usage: [UsageProfileEntry]
  var actions: [ActionEntry]
}

struct PersonasFile: Decodable {
  var personas: [PersonaEntry]
}

extension PaymentMethodEntry {
  /// The Billing value, or a message saying which field is wrong.
  func paymentMethod() -> Result<PaymentMethod, EntryProblem> {
    switch type.lowercased() {
    case "btc": return .success(.btc)
    case "paypal":
      guard let email, EmailAddress.isWellFormed(email) else {
        return .failure(EntryProblem("a PayPal method needs an \"email\" that is an email address"))
      }
      return .success(.payPal(email: email))
    case "card":
      guard let brandText = brand,
        let cardBrand = CardBrand(rawValue: brandText)
          ?? CardBrand(rawValue: brandText.capitalized)
      else {
        return .failure(EntryProblem("card \"brand\" must be Visa, Mastercard, Amex or Discover"))
      }
      guard let last4, last4.count == 4, last4.allSatisfy({ $0.isASCII && $0.isNumber }) else {
        return .failure(EntryProblem("card \"last4\" must be four digits (never the full number)"))
      }
      let parts = (expiry ?? "").split(separator: "/")
      guard parts.count == 2, let month = Int(parts[0]), (1...12).contains(month),
        let rawYear = Int(parts[1])
      else { return .failure(EntryProblem("card \"expiry\" must be MM/YYYY")) }
      let year = rawYear < 100 ? 2000 + rawYear : rawYear
      guard let holder, !holder.trimmingCharacters(in: .whitespaces).isEmpty else {
        return .failure(EntryProblem("card \"holder\" is missing"))
      }
      guard let token, !token.isEmpty else {
        return .failure(
          EntryProblem("card \"token\" is missing (e.g. tok_visa_4242; one ending 0002 declines)"))
      }
      return .success(
        .card(
          StoredCard(
            brand: cardBrand, last4: last4, expiryMonth: month, expiryYear: year, holder: holder,
            token: token)))
    default:
      return .failure(
        EntryProblem("payment method \"type\" must be card, paypal or btc, not \"\(type)\""))
    }
  }
}

/// What is wrong with one entry of a file, before the file's name is attached.
struct EntryProblem: Error {
  var message: String
  init(_ message: String) { self.message = message }
}
