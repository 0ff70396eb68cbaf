import Billing
import Foundation
import GRDB

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

  /// After a price change: subscriptions of `planIDs` whose renewal reminder already went
  /// out at the old price get a new one (R7, R29). Their accounts change version (a
  /// screen holding the old one reloads) and are marked "not computed" for the next
  /// billing run, which sends the reminder with the new amount. Returns how many.
  @discardableResult
  public func remindAgain(planIDs: Set<String>) throws -> Int {
    guard !planIDs.isEmpty else { return 0 }
    let marks = Array(repeating: "?", count: planIDs.count).joined(separator: ", ")
    let ids = StatementArguments(planIDs.sorted())
    let affected = """
      state = 'active' AND auto_renew = 1 AND reminder_sent_for IS NOT NULL
      AND reminder_sent_for = period_end AND plan_id IN (\(marks))
      """
    try execute(
      """
      UPDATE accounts SET version = version + 1, next_due_at = 0
      WHERE id IN (SELECT account_id FROM subscriptions WHERE \(affected))
      """, ids)
    try execute("UPDATE subscriptions SET reminder_sent_for = NULL WHERE \(affected)", ids)
    return changesCount
  }
}
