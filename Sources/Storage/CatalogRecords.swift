import Billing
import Foundation
import GRDB

/// The catalog, tax rates and coupons live in tables so a provider edits data, not code.
extension StoreSession {
  public func catalog() throws -> Catalog {
    Catalog(
      plans: try rows("SELECT * FROM plans").map { row in
        Plan(
          id: try row.decode(String.self, forColumn: "id"),
          name: try row.decode(String.self, forColumn: "name"),
          product: try enumValue(Product.self, row, "product"),
          rank: try row.decode(Int.self, forColumn: "rank"),
          allowance: Traffic(bytes: try row.decode(Int64.self, forColumn: "allowance_bytes")),
          price: Money(
            minorUnits: try row.decode(Int64.self, forColumn: "price_minor"),
            currency: try row.decode(String.self, forColumn: "currency")),
          includedProxyUsers: try row.decode(Int.self, forColumn: "included_proxy_users"),
          refundable: try row.decode(Bool.self, forColumn: "refundable"))
      })
  }

  /// Replaces the whole catalog.
  public func setCatalog(_ catalog: Catalog) throws {
    try execute("DELETE FROM plans")
    for plan in catalog.plans {
      try execute(
        """
        INSERT INTO plans(id, name, product, rank, allowance_bytes, price_minor, currency,
                          included_proxy_users, refundable)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
          plan.id, plan.name, plan.product.rawValue, plan.rank, plan.allowance.bytes,
          plan.price.minorUnits, plan.price.currency, plan.includedProxyUsers, plan.refundable,
        ])
    }
  }

  public func taxRates() throws -> TaxRates {
    TaxRates(
      countries: try rows("SELECT * FROM tax_rates ORDER BY country").map { row in
        TaxRates.Country(
          code: try row.decode(String.self, forColumn: "country"),
          name: try row.decode(String.self, forColumn: "name"),
          vat: Rate(basisPoints: try row.decode(Int.self, forColumn: "vat_basis_points")),
          eu: try row.decode(Bool.self, forColumn: "eu"))
      })
  }

  public func setTaxRates(_ rates: TaxRates) throws {
    try execute("DELETE FROM tax_rates")
    for country in rates.countries {
      try execute(
        "INSERT INTO tax_rates(country, name, vat_basis_points, eu) VALUES (?, ?, ?, ?)",
        [country.code.uppercased(), country.name, country.vat.basisPoints, country.eu])
    }
  }

  public func coupons() throws -> CouponBook {
    CouponBook(
      coupons: try rows("SELECT * FROM coupons ORDER BY code").map { row in
        let discount: Coupon.Discount
        if try row.decode(String.self, forColumn: "discount_kind") == "percent" {
          discount = .percent(
            Rate(basisPoints: try row.decode(Int.self, forColumn: "percent_basis_points")))
        } else {
          discount = .fixed(
            Money(
              minorUnits: try row.decode(Int64.self, forColumn: "fixed_minor"),
              currency: try row.decode(String.self, forColumn: "currency")))
        }
        let product = try row.decode(String?.self, forColumn: "product")
        return Coupon(
          code: try row.decode(String.self, forColumn: "code"), discount: discount,
          recurring: try row.decode(Bool.self, forColumn: "recurring"),
          expires: try Instant.optionalDate(row, "expires"),
          product: product.flatMap(Product.init(rawValue:)))
      })
  }

  public func setCoupons(_ book: CouponBook) throws {
    try execute("DELETE FROM coupons")
    for coupon in book.coupons {
      var percent: Int?
      var fixed: Money?
      switch coupon.discount {
      case .percent(let rate): percent = rate.basisPoints
      case .fixed(let money): fixed = money
      }
      try execute(
        """
        INSERT INTO coupons(code, discount_kind, percent_basis_points, fixed_minor, currency,
                            recurring, expires, product)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
          coupon.code, percent == nil ? "fixed" : "percent", percent, fixed?.minorUnits,
          fixed?.currency, coupon.recurring, Instant.value(coupon.expires),
          coupon.product?.rawValue,
        ])
    }
  }

  /// Records that the account used a coupon on an order (R17: first order only).
  public func recordCouponRedemption(
    accountID: String, code: String, orderID: String, at date: Date
  ) throws {
    try execute(
      "INSERT OR IGNORE INTO coupon_redemptions(account_id, code, order_id, redeemed_at) VALUES (?, ?, ?, ?)",
      [accountID, code.uppercased(), orderID, Instant.value(date)])
  }

  public func couponRedemptions(accountID: String) throws -> [String] {
    try rows(
      "SELECT code FROM coupon_redemptions WHERE account_id = ? ORDER BY redeemed_at", [accountID]
    )
    .map { try $0.decode(String.self, forColumn: "code") }
  }
}
