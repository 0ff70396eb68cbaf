import Foundation

/// How a subscription is paid (R16). Only what may be kept is here: never a full
/// card number or a security code.
public enum PaymentMethod: Codable, Hashable, Sendable {
  case card(StoredCard)
  case payPal(email: String)
  /// Arranged with support; never auto-renews, takes no coupons, is not refundable.
  case btc

  public enum Kind: String, Codable, Sendable { case card, payPal, btc }

  public var kind: Kind {
    switch self {
    case .card: .card
    case .payPal: .payPal
    case .btc: .btc
    }
  }

  /// `Visa ending 4242 (exp 12/2028)`, `PayPal ben@example.com`, `BTC (via support)`.
  public var summary: String {
    switch self {
    case .card(let card): "\(card.brand.rawValue) ending \(card.last4) (exp \(card.expiryText))"
    case .payPal(let email): "PayPal \(email)"
    case .btc: "BTC (via support)"
    }
  }

  /// Card and PayPal payments can be refunded and renew automatically; BTC cannot.
  public var isAutomatic: Bool { kind != .btc }
}

public enum CardBrand: String, Codable, Hashable, Sendable {
  case visa = "Visa"
  case mastercard = "Mastercard"
  case amex = "Amex"
  case discover = "Discover"
}

/// The part of a card the dashboard keeps (R16), plus the gateway's token for it.
public struct StoredCard: Codable, Hashable, Sendable {
  public var brand: CardBrand
  public var last4: String
  public var expiryMonth: Int
  public var expiryYear: Int
  public var holder: String
  /// The gateway's reference for charging this card; not the card number.
  public var token: String

  public init(
    brand: CardBrand, last4: String, expiryMonth: Int, expiryYear: Int, holder: String,
    token: String
  ) {
    self.brand = brand
    self.last4 = last4
    self.expiryMonth = expiryMonth
    self.expiryYear = expiryYear
    self.holder = holder
    self.token = token
  }

  public var expiryText: String {
    (expiryMonth < 10 ? "0" : "") + "\(expiryMonth)/\(expiryYear)"
  }
}

/// What a customer types into the card form, before it is checked.
public struct CardEntry: Hashable, Sendable {
  public var number: String
  /// `MM/YY` or `MM/YYYY`.
  public var expiry: String
  public var securityCode: String
  public var holder: String

  public init(number: String, expiry: String, securityCode: String, holder: String) {
    self.number = number
    self.expiry = expiry
    self.securityCode = securityCode
    self.holder = holder
  }

  public enum Field: String, Hashable, Sendable, CaseIterable {
    case number, expiry, securityCode, holder
  }

  /// A card that passed every check: the digits are kept only long enough to tokenize.
  public struct Checked: Hashable, Sendable {
    public var digits: String
    public var brand: CardBrand
    public var expiryMonth: Int
    public var expiryYear: Int
    public var holder: String

    public var last4: String { String(digits.suffix(4)) }
  }

  /// Checks every field (R16); returns the card, or a message per failing field.
  /// `now` decides whether the expiry is in the past, in `calendar`'s time zone.
  public func check(now: Date, calendar: BillingCalendar = .utc) -> Result<
    Checked, CardEntryRejection
  > {
    var problems: [Field: String] = [:]
    let digits = number.filter { !$0.isWhitespace && $0 != "-" }
    var brand: CardBrand?
    if digits.isEmpty {
      problems[.number] = "Enter the card number."
    } else if !digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
      problems[.number] = "A card number has digits only."
    } else if !(13...19).contains(digits.count) {
      problems[.number] = "A card number has 13 to 19 digits; this one has \(digits.count)."
    } else if !Self.passesLuhn(digits) {
      problems[.number] = "This card number is not valid: check for a typo."
    } else if let detected = Self.brand(of: digits) {
      brand = detected
    } else {
      problems[.number] = "We accept Visa, Mastercard, Amex and Discover."
    }

    var month = 0
    var year = 0
    let expiryParts = expiry.trimmingCharacters(in: .whitespaces).split(separator: "/")
    if expiryParts.count == 2, let m = Int(expiryParts[0]), let y = Int(expiryParts[1]),
      (1...12).contains(m), expiryParts[1].count == 2 || expiryParts[1].count == 4
    {
      month = m
      year = y < 100 ? 2000 + y : y
      let today = calendar.isoDay(now).split(separator: "-").compactMap { Int($0) }
      if today.count == 3, (year, month) < (today[0], today[1]) {
        problems[.expiry] = "This card expired in \(m < 10 ? "0" : "")\(m)/\(year)."
      }
    } else {
      problems[.expiry] = "Enter the expiry as MM/YY."
    }

    let code = securityCode.trimmingCharacters(in: .whitespaces)
    let codeLength = brand == .amex ? 4...4 : 3...4
    if !(code.allSatisfy { $0.isASCII && $0.isNumber }) || !codeLength.contains(code.count) {
      problems[.securityCode] =
        brand == .amex
        ? "Amex security codes have 4 digits." : "The security code has 3 or 4 digits."
    }

    let name = holder.trimmingCharacters(in: .whitespaces)
    if name.isEmpty { problems[.holder] = "Enter the name on the card." }

    guard problems.isEmpty, let brand else {
      return .failure(CardEntryRejection(problems: problems))
    }
    return .success(
      Checked(digits: digits, brand: brand, expiryMonth: month, expiryYear: year, holder: name))
  }

  /// The Luhn check digit test.
  public static func passesLuhn(_ digits: String) -> Bool {
    var sum = 0
    for (index, character) in digits.reversed().enumerated() {
      guard var value = character.wholeNumberValue else { return false }
      if index % 2 == 1 {
        value *= 2
        if value > 9 { value -= 9 }
      }
      sum += value
    }
    return sum % 10 == 0
  }

  public static func brand(of digits: String) -> CardBrand? {
    let two = Int(digits.prefix(2)) ?? 0
    let four = Int(digits.prefix(4)) ?? 0
    if digits.hasPrefix("4") { return .visa }
    if (51...55).contains(two) || (2221...2720).contains(four) { return .mastercard }
    if two == 34 || two == 37 { return .amex }
    if digits.hasPrefix("6011") || two == 65 { return .discover }
    return nil
  }
}

/// The fields of a card entry that failed, each with a message for the customer.
public struct CardEntryRejection: Error, Hashable, Sendable {
  public var problems: [CardEntry.Field: String]
}

/// PayPal accounts are checked for form only (R16).
public enum PayPalAddress {
  /// The address trimmed, or a message saying what is wrong.
  public static func check(_ email: String) -> Result<String, BillingError> {
    let trimmed = email.trimmingCharacters(in: .whitespaces)
    guard EmailAddress.isWellFormed(trimmed) else {
      return .failure(.invalidPayPalEmail(trimmed))
    }
    return .success(trimmed)
  }
}
