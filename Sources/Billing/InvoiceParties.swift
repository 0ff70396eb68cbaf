/// Who sells on an invoice (R26a). The FAQ: orders are conducted by a reseller acting as
/// Merchant of Record, so the reseller is the seller and the provider is named beside
/// it. Catalog data (`catalog/seller.json`), so a provider changes reseller by import.
public struct InvoiceSeller: Codable, Hashable, Sendable {
  /// The Merchant of Record's name, as the invoice names the seller.
  public var name: String
  /// One line saying on whose behalf it sells (`Merchant of Record for ProxyDash`).
  public var role: String
  /// Postal address, one line each; may be empty.
  public var address: [String]
  public var vatID: String?
  /// Where a customer reaches the seller about an invoice (a site or an address).
  public var contact: String?

  public init(
    name: String, role: String, address: [String] = [], vatID: String? = nil, contact: String? = nil
  ) {
    self.name = name
    self.role = role
    self.address = address
    self.vatID = vatID
    self.contact = contact
  }

  /// The lines under `Seller:`, name first.
  public var lines: [String] {
    var lines = [name, role] + address
    if let vatID, !vatID.isEmpty { lines.append("VAT id \(vatID)") }
    if let contact, !contact.isEmpty { lines.append(contact) }
    return lines.filter { !$0.isEmpty }
  }
}

/// The buyer as the profile read when the invoice was issued: a later profile change
/// never rewrites an invoice already issued (R26a).
public struct InvoiceBuyer: Codable, Hashable, Sendable {
  public var name: String
  public var company: String
  public var email: String
  public var countryCode: String
  public var countryName: String
  public var vatID: String?

  public init(
    name: String, company: String, email: String, countryCode: String, countryName: String,
    vatID: String?
  ) {
    self.name = name
    self.company = company
    self.email = email
    self.countryCode = countryCode
    self.countryName = countryName
    self.vatID = vatID
  }

  /// The buyer of `account` now, with the country named by `taxRates` when it knows it.
  public init(account: Account, taxRates: TaxRates) {
    let profile = account.profile
    let code = profile.country.uppercased()
    self.init(
      name: profile.name, company: profile.company, email: account.email, countryCode: code,
      countryName: taxRates.country(code)?.name ?? code,
      vatID: profile.vatID.flatMap { $0.isEmpty ? nil : $0 })
  }

  /// The lines under `Buyer:`: what is known, nothing blank.
  public var lines: [String] {
    var lines: [String] = []
    if !company.isEmpty { lines.append(company) }
    if !name.isEmpty { lines.append(name) }
    lines.append(email)
    lines.append("\(countryName) (\(countryCode))")
    if let vatID { lines.append("VAT id \(vatID)") }
    return lines
  }
}
