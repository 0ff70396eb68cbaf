import Billing
import Foundation
import Storage

// `proxydash init DIR --from demo-data`: a store built from the demo dataset.
extension ProxyDashService {
  /// Imports every persona of `dataset` into this (empty) store in one transaction:
  /// catalog, accounts, log-ins, proxy users, the history's charges, emails already
  /// sent, ledger and usage (`Store.importDemo`).
  public func importDemo(_ dataset: DemoDataset) throws(ServiceError) {
    // One slow hash for the shared demo password: every persona logs in with it. Proxy
    // passwords of the demo are public, so a cheaper hash keeps the template build quick.
    let accountHash = try run { try passwordHasher.hash(dataset.password) }
    let proxyHasher = PasswordHasher(iterations: min(passwordHasher.iterations, 1_000))
    try run {
      try store.importDemo(dataset, accountPassword: accountHash) { password in
        try proxyHasher.hash(password)
      }
    }
    replaceLoaded(catalog: dataset.catalog, taxRates: dataset.taxRates, coupons: dataset.coupons)
  }

  /// Builds a store in `directory` from the demo data folder; refuses a folder that
  /// already holds a store, and on failure removes what it created so a retry starts
  /// clean. Returns the dataset it loaded.
  @discardableResult
  public static func createDemoStore(
    at directory: URL, from demoData: URL, now: Date? = nil,
    passwordIterations: Int = PasswordHasher.standardIterations
  ) throws(ServiceError) -> DemoDataset {
    if Store.exists(at: directory) {
      throw .invalidInput(
        "\(directory.path) already holds a ProxyDash store: choose an empty folder.")
    }
    let dataset: DemoDataset
    do {
      dataset = try DemoDataset.load(from: demoData, now: now)
    } catch {
      throw .invalidInput(error.description)
    }
    let fileManager = FileManager.default
    let folderExisted = fileManager.fileExists(atPath: directory.path)
    // Only what this run created is removed again when it fails (R31).
    let created = [
      Store.databaseFileName, "\(Store.databaseFileName)-wal", "\(Store.databaseFileName)-shm",
      Store.outboxFolderName, Store.exportsFolderName,
    ].filter { name in
      var info = stat()
      return lstat(directory.appendingPathComponent(name).path, &info) != 0
    }
    do {
      let service = try ProxyDashService.open(
        directory: directory, clock: FixedClock(dataset.now), policy: dataset.policy,
        passwordIterations: passwordIterations)
      defer { service.store.close() }
      try service.importDemo(dataset)
      return dataset
    } catch {
      if folderExisted {
        for name in created {
          try? fileManager.removeItem(at: directory.appendingPathComponent(name))
        }
      } else {
        try? fileManager.removeItem(at: directory)
      }
      throw error
    }
  }

  /// The demo's fixed "now" when the store was made from demo data.
  public func demoNow() -> Date? {
    try? store.demoNow()
  }
}
