import Billing
import Foundation

/// The provider's catalog as files (R29): `plans.json`, `tax-rates.json`,
/// `coupons.json`, `endpoints.json` and `seller.json`, in the demo data's formats (`catalog/README.md`).
/// Each part is optional, so one file replaces one part and a folder replaces the parts
/// it holds; everything read is validated before anything is stored.
public struct CatalogFiles: Sendable, Equatable {
  public var plans: Catalog?
  public var taxRates: TaxRates?
  public var coupons: CouponBook?
  public var endpoints: [ProxyEndpoint]?
  /// Who invoices name as seller (R26a).
  public var seller: InvoiceSeller?

  public init(
    plans: Catalog? = nil, taxRates: TaxRates? = nil, coupons: CouponBook? = nil,
    endpoints: [ProxyEndpoint]? = nil, seller: InvoiceSeller? = nil
  ) {
    self.plans = plans
    self.taxRates = taxRates
    self.coupons = coupons
    self.endpoints = endpoints
    self.seller = seller
  }

  public enum File {
    public static let plans = "plans.json"
    public static let taxRates = "tax-rates.json"
    public static let coupons = "coupons.json"
    public static let endpoints = "endpoints.json"
    public static let seller = "seller.json"
    static let all = [plans, taxRates, coupons, endpoints, seller]
  }

  /// Reads a catalog folder (the parts it holds) or one file (the part its top-level
  /// key names: `plans`, `countries`, `coupons`, `endpoints` or `seller`).
  public static func load(from url: URL) throws(CatalogFileError) -> CatalogFiles {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
      throw CatalogFileError(path: url.path, message: "no such file or folder")
    }
    var files = CatalogFiles()
    if isDirectory.boolValue {
      let present = File.all.filter {
        FileManager.default.fileExists(atPath: url.appendingPathComponent($0).path)
      }
      guard !present.isEmpty else {
        throw CatalogFileError(
          path: url.path, message: "holds none of \(File.all.joined(separator: ", "))")
      }
      for name in present { try files.read(name, in: url) }
    } else {
      let folder = url.deletingLastPathComponent()
      let name = url.lastPathComponent
      let part = try part(of: url)
      try files.read(name, in: folder, as: part)
    }
    return files
  }

  /// Which part a single file holds, from its top-level key.
  private static func part(of url: URL) throws(CatalogFileError) -> String {
    let keys: [String: String] = [
      "plans": File.plans, "countries": File.taxRates, "coupons": File.coupons,
      "endpoints": File.endpoints, "seller": File.seller,
    ]
    guard let data = try? Data(contentsOf: url),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { throw CatalogFileError(path: url.path, message: "is not a JSON object") }
    let found = keys.keys.filter { object[$0] != nil }
    guard found.count == 1, let key = found.first, let part = keys[key] else {
      throw CatalogFileError(
        path: url.path,
        message: "needs exactly one of the keys plans, countries, coupons, endpoints, seller")
    }
    return part
  }

  private mutating func read(_ name: String, in folder: URL, as part: String? = nil)
    throws(CatalogFileError)
  {
    let path = folder.appendingPathComponent(name).path
    do {
      switch part ?? name {
      case File.plans:
        plans = try DemoDataset.validated(
          Catalog(plans: try DemoDataset.decode(PlansFile.self, name, in: folder).plans))
      case File.taxRates:
        let file = try DemoDataset.decode(CountriesFile.self, name, in: folder)
        taxRates = try DemoDataset.validated(
          TaxRates(
            countries: file.countries.map { entry in
              if let name = entry.name {
                return TaxRates.Country(code: entry.code, name: name, vat: entry.vat, eu: entry.eu)
              }
              return TaxRates.Country(code: entry.code, vat: entry.vat, eu: entry.eu)
            }))
      case File.coupons:
        coupons = try DemoDataset.couponBook(
          DemoDataset.decode(CouponsFile.self, name, in: folder))
      case File.seller:
        seller = try DemoDataset.decode(SellerFile.self, name, in: folder).validated(file: File.seller)
      default:
        endpoints = try Self.validated(
          DemoDataset.decode(EndpointsFile.self, name, in: folder).endpoints)
      }
    } catch {
      throw CatalogFileError(path: path, message: error.message)
    }
  }

  static func validated(_ entries: [EndpointEntry]) throws(DemoDataError)
    -> [ProxyEndpoint]
  {
    var endpoints: [ProxyEndpoint] = []
    for (index, entry) in entries.enumerated() {
      let name = "endpoints[\(index)] \(entry.product.rawValue)"
      func problem(_ text: String) -> DemoDataError {
        DemoDataError(file: File.endpoints, message: "\(name): \(text)")
      }
      let host = entry.host.trimmingCharacters(in: .whitespaces)
      guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "/" }) else {
        throw problem("host must be a host name such as proxy.example.com")
      }
      let valid = 1...65535
      guard entry.stickyPorts.count == 2, let first = entry.stickyPorts.first,
        let last = entry.stickyPorts.last, valid.contains(entry.rotatingPort),
        valid.contains(first), valid.contains(last), first <= last
      else {
        throw problem("ports must be 1 to 65535 and stickyPorts [first, last] with first <= last")
      }
      guard !endpoints.contains(where: { $0.product == entry.product }) else {
        throw problem("the product has an endpoint already")
      }
      endpoints.append(
        ProxyEndpoint(
          product: entry.product, host: host, rotatingPort: entry.rotatingPort,
          stickyPorts: first...last))
    }
    return endpoints
  }
}

/// A catalog file that cannot be used, naming the file and the entry.
public struct CatalogFileError: Error, Hashable, Sendable, CustomStringConvertible {
  public var path: String
  public var message: String

  public init(path: String, message: String) {
    self.path = path
    self.message = message
  }

  public var description: String { "\(path): \(message)" }
}

/// `tax-rates.json` of a catalog: `name` is optional, the platform names the country.
struct CountriesFile: Decodable {
  struct Entry: Decodable {
    var code: String
    var name: String?
    var vat: Rate
    var eu: Bool
  }
  var countries: [Entry]
}

/// `endpoints.json`: one entry per product.
struct EndpointEntry: Decodable {
  var product: Product
  var host: String
  var rotatingPort: Int
  var stickyPorts: [Int]
}

struct EndpointsFile: Decodable {
  var endpoints: [EndpointEntry]
}
