import Billing
import Foundation
import Storage

/// What `proxydash catalog show` prints (R29).
public struct CatalogView: Sendable, Equatable {
  public var catalog: Catalog
  public var taxRates: TaxRates
  public var coupons: CouponBook
  public var endpoints: [ProxyEndpoint]
  /// Who invoices name as seller (R26a); nil when the catalog names none.
  public var seller: InvoiceSeller?
}

// The provider's catalog (R29): a new store starts with the shipped one; `catalog
// import` replaces parts of it, refusing a bad file whole.
extension ProxyDashService {
  /// Whether the store has no catalog at all: a store just created.
  public var hasNoCatalog: Bool { catalog.plans.isEmpty && taxRates.countries.isEmpty }

  /// The catalog as stored (not this service's copy), so two readers print the same.
  public func catalogView() throws(ServiceError) -> CatalogView {
    try run {
      try store.read { session in
        CatalogView(
          catalog: try session.catalog(), taxRates: try session.taxRates(),
          coupons: try session.coupons(), endpoints: try session.proxyEndpoints(),
          seller: try session.invoiceSeller())
      }
    }
  }

  /// Replaces the parts `files` holds, in one transaction, after checking that the
  /// result still serves every customer: no plan a live subscription holds and no
  /// country an account bills to may go. A price change reaches each subscription at
  /// its next renewal, because renewals price from the catalog (R6, R29); a reminder
  /// already sent at the old price goes out again with the new one.
  public func importCatalog(_ files: CatalogFiles) throws(ServiceError) {
    let plans = files.plans ?? catalog
    let rates = files.taxRates ?? taxRates
    let book = files.coupons ?? coupons
    let revision = UUID().uuidString
    try run {
      try store.write { session in
        if let new = files.plans {
          for id in try session.planIDsInUse().sorted() {
            guard let held = catalog.plan(id: id) ?? new.plan(id: id) else { continue }
            guard let replacement = new.plan(id: id) else {
              throw ServiceError.invalidInput(
                "plans.json: plan \"\(id)\" (\(held.name)) is held by live subscriptions: keep it in the catalog."
              )
            }
            guard replacement.product == held.product else {
              throw ServiceError.invalidInput(
                "plans.json: plan \"\(id)\" is held by live \(held.product.rawValue) subscriptions: it cannot become \(replacement.product.rawValue)."
              )
            }
          }
          try session.setCatalog(new)
          let repriced = Set(
            new.plans.filter { plan in catalog.plan(id: plan.id).map { $0.price != plan.price } ?? false }
              .map(\.id))
          try session.remindAgain(planIDs: repriced)
        }
        if let new = files.taxRates {
          for code in try session.billingCountriesInUse().sorted()
          where new.country(code) == nil && taxRates.country(code) != nil {
            throw ServiceError.invalidInput(
              "tax-rates.json: country \"\(code)\" is the billing country of customers: keep it in the table."
            )
          }
          try session.setTaxRates(new)
        }
        if let new = files.coupons { try session.setCoupons(new) }
        if let new = files.endpoints { try session.setProxyEndpoints(new) }
        if let new = files.seller { try session.setInvoiceSeller(new) }
        try session.setMeta(Self.catalogRevisionKey, revision)
      }
    }
    catalog = plans
    taxRates = rates
    coupons = book
    loadedCatalogRevision = revision
  }

  static let catalogRevisionKey = "catalogRevision"

  /// Takes a catalog another process imported since this service loaded it, so an open
  /// dashboard quotes the prices that a purchase will be charged (R29: "at once").
  public func reloadCatalogIfChanged() throws(ServiceError) {
    let (revision, fresh): (String?, (Catalog, TaxRates, CouponBook)?) = try run {
      try store.read { session in
        let revision = try session.meta(Self.catalogRevisionKey)
        guard revision != loadedCatalogRevision else { return (revision, nil) }
        return (revision, (try session.catalog(), try session.taxRates(), try session.coupons()))
      }
    }
    guard let fresh else { return }
    catalog = fresh.0
    taxRates = fresh.1
    coupons = fresh.2
    loadedCatalogRevision = revision
  }
}
