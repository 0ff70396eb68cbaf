import Foundation

/// VAT by billing country (R2), as loaded from `demo-data/tax-rates.json`.
public struct TaxRates: Codable, Hashable, Sendable {
  public struct Country: Codable, Hashable, Sendable {
    public var code: String
    public var name: String
    public var vat: Rate
    /// EU member: a business with a VAT id is reverse-charged.
    public var eu: Bool

    public init(code: String, name: String, vat: Rate, eu: Bool) {
      self.code = code
      self.name = name
      self.vat = vat
      self.eu = eu
    }

    /// A country with the platform's English name for `code` (Foundation's `Locale`),
    /// so the catalog need not carry a hand-typed list of names that can drift.
    public init(code: String, vat: Rate, eu: Bool) {
      self.init(code: code, name: Self.platformName(code) ?? code.uppercased(), vat: vat, eu: eu)
    }

    /// "Germany" for "DE"; nil for a code the platform does not know.
    public static func platformName(_ code: String) -> String? {
      let upper = code.uppercased()
      guard let name = Locale(identifier: "en_US").localizedString(forRegionCode: upper),
        name != upper
      else { return nil }
      return name
    }
  }

  public var countries: [Country]

  public init(countries: [Country]) { self.countries = countries }

  public func country(_ code: String) -> Country? {
    let wanted = code.uppercased()
    return countries.first { $0.code == wanted }
  }

  /// The country a customer means by `text`: its two-letter code or its name, in any
  /// case and with or without accents ("de", "Germany", "osterreich").
  public func country(matching text: String) -> Country? {
    let wanted = text.trimmingCharacters(in: .whitespaces)
    guard !wanted.isEmpty else { return nil }
    if let byCode = country(wanted) { return byCode }
    return countries.first {
      $0.name.compare(wanted, options: [.caseInsensitive, .diacriticInsensitive]) == .orderedSame
    }
  }

  /// The VAT treatment of a customer (R2): reverse charge only for a business (a
  /// company name) in an EU country whose VAT id has that country's format and prefix
  /// (R24), so a consumer or a mistyped id pays the country's VAT.
  public func treatment(for profile: BillingProfile) -> VATTreatment {
    guard let country = country(profile.country) else { return .standard(.zero) }
    if country.eu, !profile.company.trimmingCharacters(in: .whitespaces).isEmpty,
      let vatID = profile.vatID.flatMap(VATNumber.init), vatID.countryCode == country.code
    {
      return .reverseCharge
    }
    return .standard(country.vat)
  }
}

/// How VAT applies to one invoice.
public enum VATTreatment: Hashable, Sendable {
  case standard(Rate)
  /// An EU business with a VAT id: 0 % and the invoice says "Reverse charge" (R2).
  case reverseCharge

  public var rate: Rate {
    switch self {
    case .standard(let rate): rate
    case .reverseCharge: .zero
    }
  }

  /// The VAT line's label: `VAT 21 %` or `Reverse charge`.
  public var label: String {
    switch self {
    case .standard(let rate): "VAT \(rate)"
    case .reverseCharge: "Reverse charge"
    }
  }
}

/// What billing needs to know of a customer to tax them.
public struct BillingProfile: Codable, Hashable, Sendable {
  public var name: String
  public var company: String
  /// ISO 3166 alpha-2 code.
  public var country: String
  public var vatID: String?
  /// IANA time zone identifier for calendar arithmetic (R0.3).
  public var timeZone: String

  public init(
    name: String = "", company: String = "", country: String = "US", vatID: String? = nil,
    timeZone: String = "UTC"
  ) {
    self.name = name
    self.company = company
    self.country = country
    self.vatID = vatID
    self.timeZone = timeZone
  }
}
