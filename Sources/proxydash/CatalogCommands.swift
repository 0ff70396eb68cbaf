import ArgumentParser
import Billing
import Foundation
import Services
import Storage

/// `proxydash catalog show|import` (DESIGN.md, SPEC R29): the provider's catalog.
struct CatalogCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "catalog",
    abstract: "The provider's catalog: plans, VAT rates, coupons, endpoints, invoice seller.",
    subcommands: [CatalogShow.self, CatalogImport.self])
}

struct CatalogShow: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "Print the store's catalog.")

  @Option(help: "Store folder (default: as for the dashboard).")
  var data: String?

  func run() throws {
    let service = try CatalogLocation.openService(data)
    defer { service.store.close() }
    let view: CatalogView
    do {
      view = try service.catalogView()
    } catch {
      throw Exit.failure(error.description)
    }
    print("Plans (monthly, before VAT):")
    for plan in view.catalog.plans {
      print(
        "  \(plan.id.padding(toLength: 18, withPad: " ", startingAt: 0)) \(plan.product.shortName.padding(toLength: 12, withPad: " ", startingAt: 0)) \(plan.name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(plan.allowance.compact.padding(toLength: 9, withPad: " ", startingAt: 0)) \(plan.price.description.padding(toLength: 11, withPad: " ", startingAt: 0)) \(plan.includedProxyUsers) users\(plan.refundable ? "" : ", not refundable")"
      )
    }
    print("")
    print("VAT rates (\(view.taxRates.countries.count) countries):")
    for country in view.taxRates.countries {
      print(
        "  \(country.code)  \(country.name.padding(toLength: 24, withPad: " ", startingAt: 0)) \(country.vat)\(country.eu ? "  EU" : "")"
      )
    }
    print("")
    print("Coupons:")
    if view.coupons.coupons.isEmpty { print("  none") }
    for coupon in view.coupons.coupons {
      let discount: String
      switch coupon.discount {
      case .percent(let rate): discount = "\(rate) off"
      case .fixed(let amount): discount = "\(amount) off"
      }
      var notes = [coupon.recurring ? "recurring" : "first month"]
      if let product = coupon.product { notes.append(product.shortName.lowercased() + " only") }
      if let expires = coupon.expires { notes.append("expires \(BillingCalendar.utc.dayText(expires))") }
      print(
        "  \(coupon.code.padding(toLength: 12, withPad: " ", startingAt: 0)) \(discount), \(notes.joined(separator: ", "))"
      )
    }
    print("")
    print("Proxy endpoints:")
    if view.endpoints.isEmpty { print("  none") }
    for endpoint in view.endpoints {
      print(
        "  \(endpoint.product.shortName.padding(toLength: 12, withPad: " ", startingAt: 0)) \(endpoint.host), rotating port \(endpoint.rotatingPort), sticky ports \(endpoint.stickyPorts.lowerBound)-\(endpoint.stickyPorts.upperBound)"
      )
    }
    print("")
    print("Invoice seller:")
    if let seller = view.seller {
      for line in seller.lines { print("  \(line)") }
    } else {
      print("  none (invoices name no seller until seller.json is imported)")
    }
  }
}

struct CatalogImport: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Replace catalog parts from a file or a folder; a bad file changes nothing.")

  @Argument(help: "A catalog folder (as catalog/) or one of its files.")
  var source: String

  @Option(help: "Store folder (default: as for the dashboard).")
  var data: String?

  func run() throws {
    let files: CatalogFiles
    do {
      files = try CatalogFiles.load(from: URL(fileURLWithPath: source))
    } catch {
      throw Exit.failure("refused, nothing changed: \(error.description)")
    }
    let service = try CatalogLocation.openService(data)
    defer { service.store.close() }
    do {
      try service.importCatalog(files)
    } catch {
      throw Exit.failure("refused, nothing changed: \(error.description)")
    }
    var parts: [String] = []
    if let plans = files.plans { parts.append("\(plans.plans.count) plans") }
    if let rates = files.taxRates { parts.append("\(rates.countries.count) VAT rates") }
    if let coupons = files.coupons { parts.append("\(coupons.coupons.count) coupons") }
    if let endpoints = files.endpoints { parts.append("\(endpoints.count) proxy endpoints") }
    if let seller = files.seller { parts.append("the invoice seller (\(seller.name))") }
    print("Imported \(parts.joined(separator: ", ")) from \(source).")
  }
}

/// Where the shipped catalog is, and how a new store gets it (R29).
enum CatalogLocation {
  /// $PROXYDASH_CATALOG, else ./catalog, else beside the binary (`catalog`,
  /// `share/proxydash/catalog`), else the source tree this binary was built from.
  static func shippedCatalogFolder() -> URL? {
    ShippedFolder.locate("catalog", variable: "PROXYDASH_CATALOG", marker: CatalogFiles.File.plans)
  }

  /// A store with no catalog yet (just created) gets the shipped one, never the demo's
  /// customers. Without it the store could sell nothing, so that is an error.
  static func seedIfNew(_ service: ProxyDashService) throws(ServiceError) {
    guard service.hasNoCatalog else { return }
    guard let folder = shippedCatalogFolder() else {
      throw .storeFailed(
        "This new store has no catalog and the shipped one (catalog/plans.json) was not found: set PROXYDASH_CATALOG or run `proxydash catalog import DIR`."
      )
    }
    let files: CatalogFiles
    do {
      files = try CatalogFiles.load(from: folder)
    } catch {
      throw .storeFailed("The shipped catalog is damaged: \(error.description)")
    }
    try service.importCatalog(files)
  }

  /// Opens (or creates) the store for a catalog command.
  static func openService(_ data: String?) throws -> ProxyDashService {
    let folder = data.map { URL(fileURLWithPath: $0) } ?? Launch.defaultStoreFolder()
    do {
      return try Launch.openStore(folder, clock: SystemClock())
    } catch {
      throw Exit.failure(error.description)
    }
  }
}
