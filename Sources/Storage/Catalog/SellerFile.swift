import Billing
import Foundation

/// `seller.json` of a catalog (and of the demo data): who invoices name as seller (R26a).
struct SellerFile: Decodable {
  struct Entry: Decodable {
    var name: String
    var role: String
    var address: [String]?
    var vatID: String?
    var contact: String?
  }
  var seller: Entry

  /// The seller, or the problem named (`seller.name: must not be empty`).
  func validated(file: String) throws(DemoDataError) -> InvoiceSeller {
    func clean(_ text: String?) -> String? {
      let trimmed = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
      return trimmed.isEmpty ? nil : trimmed
    }
    guard let name = clean(seller.name) else {
      throw DemoDataError(file: file, message: "seller.name: must not be empty")
    }
    guard let role = clean(seller.role) else {
      throw DemoDataError(
        file: file,
        message: "seller.role: must say on whose behalf it sells, e.g. \"Merchant of Record for ProxyDash\"")
    }
    let texts = [name, role, seller.vatID ?? "", seller.contact ?? ""] + (seller.address ?? [])
    guard
      texts.allSatisfy({ text in !text.unicodeScalars.contains { $0.properties.generalCategory == .control } }
      )
    else {
      throw DemoDataError(file: file, message: "seller: text must not hold control characters or line breaks")
    }
    return InvoiceSeller(
      name: name, role: role, address: (seller.address ?? []).compactMap { clean($0) },
      vatID: clean(seller.vatID), contact: clean(seller.contact))
  }
}
