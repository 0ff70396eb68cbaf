import Billing
import Foundation

/// Proxy endpoints live with the plans, so a provider edits data, not code (R25a, R29).
extension StoreSession {
  public func proxyEndpoints() throws -> [ProxyEndpoint] {
    try rows("SELECT * FROM proxy_endpoints ORDER BY product = 'datacenter', product").map { row in
      ProxyEndpoint(
        product: try enumValue(Product.self, row, "product"),
        host: try row.decode(String.self, forColumn: "host"),
        rotatingPort: try row.decode(Int.self, forColumn: "rotating_port"),
        stickyPorts: try row.decode(
          Int.self, forColumn: "sticky_first_port")...(try row.decode(
            Int.self, forColumn: "sticky_last_port")))
    }
  }

  public func setProxyEndpoints(_ endpoints: [ProxyEndpoint]) throws {
    try execute("DELETE FROM proxy_endpoints")
    for endpoint in endpoints {
      try execute(
        """
        INSERT INTO proxy_endpoints(product, host, rotating_port, sticky_first_port, sticky_last_port)
        VALUES (?, ?, ?, ?, ?)
        """,
        [
          endpoint.product.rawValue, endpoint.host, endpoint.rotatingPort,
          endpoint.stickyPorts.lowerBound, endpoint.stickyPorts.upperBound,
        ])
    }
  }

  /// Plan ids that live subscriptions hold: a catalog without them could not renew them.
  public func planIDsInUse() throws -> Set<String> {
    Set(
      try rows(
        "SELECT DISTINCT plan_id FROM subscriptions WHERE state IN ('active', 'cancelled', 'pastDue')"
      ).map { try $0.decode(String.self, forColumn: "plan_id") })
  }

  /// Billing countries of existing accounts: a tax table without one would tax them at 0 %.
  public func billingCountriesInUse() throws -> Set<String> {
    Set(
      try rows("SELECT DISTINCT country FROM accounts").map {
        try $0.decode(String.self, forColumn: "country")
      })
  }
}
