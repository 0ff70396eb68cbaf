import Billing
import Foundation
import Storage

// Proxy access (R25a): what a customer needs to send traffic through what they bought,
// and the IP whitelist they keep per product. The whitelist is checked by
// `WhitelistRules` here as in the form, inside the write, so two windows adding the same
// address at once still leave one row.
extension ProxyDashService {
  /// The product's endpoint (from the stored catalog, as `catalog show` prints it), its
  /// proxy users and its whitelist, read in one transaction.
  public func proxyAccess(accountID: String, product: Product) throws(ServiceError)
    -> ProxyAccess
  {
    try requireAccount(accountID)
    return try run { try store.read { try access(in: $0, accountID: accountID, product: product) } }
  }

  /// Whitelists one address for the product. Needs a live subscription of it: a whitelist
  /// opens the product's proxies, and an ended subscription has none to open.
  public func whitelist(_ text: String, accountID: String, product: Product) throws(ServiceError)
    -> ProxyAccess
  {
    let now = self.now
    return try run {
      try store.write { session in
        let loaded = try load(session, accountID)
        guard loaded.account.liveSubscription(of: product) != nil else {
          throw ServiceError.invalidInput(
            "Buy a \(product.displayName) plan first: a whitelist opens that plan's proxies.")
        }
        let list = try session.whitelist(accountID: accountID, product: product)
        switch WhitelistRules.checked(text, joining: list) {
        case .failure(let problem): throw ServiceError.invalidInput(problem.message)
        case .success(let address):
          try session.insertWhitelisted(address, accountID: accountID, product: product, at: now)
        }
        return try access(in: session, accountID: accountID, product: product)
      }
    }
  }

  /// Takes one address off the product's whitelist, whatever the subscription's state:
  /// closing access is always allowed.
  public func removeFromWhitelist(
    _ address: WhitelistAddress, accountID: String, product: Product
  ) throws(ServiceError) -> ProxyAccess {
    try requireAccount(accountID)
    return try run {
      try store.write { session in
        try session.deleteWhitelisted(address, accountID: accountID, product: product)
        return try access(in: session, accountID: accountID, product: product)
      }
    }
  }

  private func access(in session: StoreSession, accountID: String, product: Product) throws
    -> ProxyAccess
  {
    ProxyAccess(
      product: product,
      endpoint: try session.proxyEndpoints().first { $0.product == product },
      users: try session.proxyUsers(accountID: accountID).map(\.user).filter {
        $0.product == product
      },
      whitelist: try session.whitelist(accountID: accountID, product: product))
  }
}
