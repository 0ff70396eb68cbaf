import Foundation

/// An EU VAT identification number, checked against the EU's per-country formats (the
/// patterns VIES publishes), so a typo or a made-up id never reverse-charges (R2, R24).
public struct VATNumber: Hashable, Sendable, CustomStringConvertible {
  /// The id without spaces, dots or dashes, upper-cased: `DE811234567`.
  public let normalized: String
  /// The ISO 3166 country the id belongs to: `GR` for an `EL…` id.
  public let countryCode: String

  /// nil when `text` is not a well-formed EU VAT id.
  public init?(_ text: String) {
    let compact = String(
      text.uppercased().unicodeScalars.filter { !" .-\t".unicodeScalars.contains($0) }
        .map(Character.init))
    let prefix = String(compact.prefix(2))
    guard let pattern = Self.patterns[prefix],
      let regex = try? Regex("^" + prefix + pattern + "$"),
      compact.wholeMatch(of: regex) != nil
    else { return nil }
    normalized = compact
    countryCode = prefix == "EL" ? "GR" : prefix
  }

  public var description: String { normalized }

  /// The VAT-id prefix of a country: Greece's ids start `EL`, every other its ISO code.
  public static func prefix(forCountry code: String) -> String {
    code.uppercased() == "GR" ? "EL" : code.uppercased()
  }

  /// What a customer is told when `text` does not match `country`'s format.
  public static func problem(with text: String, country: String) -> String? {
    let prefix = prefix(forCountry: country)
    guard patterns[prefix] != nil else {
      return "A VAT id is for EU businesses: leave it empty outside the EU."
    }
    guard let number = VATNumber(text) else {
      return "\"\(text)\" is not a VAT id in \(prefix)'s format (for example \(examples[prefix] ?? prefix))."
    }
    guard number.countryCode == country.uppercased() else {
      return
        "The VAT id \(number) belongs to another country than the billing country \(country.uppercased())."
    }
    return nil
  }

  /// After the country prefix, per member state.
  static let patterns: [String: String] = [
    "AT": "U[0-9]{8}", "BE": "[01][0-9]{9}", "BG": "[0-9]{9,10}", "CY": "[0-9]{8}[A-Z]",
    "CZ": "[0-9]{8,10}", "DE": "[0-9]{9}", "DK": "[0-9]{8}", "EE": "[0-9]{9}",
    "EL": "[0-9]{9}", "ES": "[0-9A-Z][0-9]{7}[0-9A-Z]", "FI": "[0-9]{8}",
    "FR": "[0-9A-HJ-NP-Z]{2}[0-9]{9}", "HR": "[0-9]{11}", "HU": "[0-9]{8}",
    "IE": "([0-9]{7}[A-W][A-IW]?|[0-9][A-Z+*][0-9]{5}[A-W])", "IT": "[0-9]{11}",
    "LT": "([0-9]{9}|[0-9]{12})", "LU": "[0-9]{8}", "LV": "[0-9]{11}", "MT": "[0-9]{8}",
    "NL": "[0-9]{9}B[0-9]{2}", "PL": "[0-9]{10}", "PT": "[0-9]{9}", "RO": "[0-9]{2,10}",
    "SE": "[0-9]{10}01", "SI": "[0-9]{8}", "SK": "[0-9]{10}",
  ]

  static let examples: [String: String] = [
    "AT": "ATU12345678", "DE": "DE123456789", "NL": "NL123456789B01", "FR": "FRXX123456789",
    "EL": "EL123456789", "ES": "ESX1234567X", "IE": "IE1234567T", "SE": "SE123456789001",
  ]
}
