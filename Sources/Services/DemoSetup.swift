import Billing
import Foundation
import Storage

extension ProxyDashService {
  /// `proxydash init DIR --from demo-data`: creates a store in `directory` from the demo
  /// folder. Refuses a folder that already holds a store; on failure removes what it
  /// created, so a retry starts clean.
  public static func initialize(
    directory: URL, fromDemo demoFolder: URL, clock: (any Clock)? = nil, now: Date? = nil,
    passwordIterations: Int = PasswordHasher.standardIterations
  ) throws(ServiceError) -> ProxyDashService {
    if Store.exists(at: directory) {
      throw .invalidInput("\(directory.path) already holds a ProxyDash store: choose a new folder.")
    }
    let dataset: DemoDataset
    do {
      dataset = try DemoDataset.load(from: demoFolder, now: now)
    } catch {
      throw .invalidInput("Cannot load the demo data: \(error.description)")
    }
    let fileManager = FileManager.default
    let folderExisted = fileManager.fileExists(atPath: directory.path)
    let hasher = PasswordHasher(iterations: passwordIterations)
    do {
      let store = try Store.open(at: directory)
      try store.importDemo(dataset) { password in try hasher.hash(password) }
      return try ProxyDashService(
        store: store, clock: clock ?? FixedClock(dataset.now), gateway: LocalGateway(store: store),
        policy: dataset.policy, passwordIterations: passwordIterations)
    } catch {
      if folderExisted {
        for name in [
          Store.databaseFileName, "\(Store.databaseFileName)-wal", "\(Store.databaseFileName)-shm",
          Store.outboxFolderName, Store.exportsFolderName,
        ] {
          try? fileManager.removeItem(at: directory.appendingPathComponent(name))
        }
      } else {
        try? fileManager.removeItem(at: directory)
      }
      throw serviceError(error)
    }
  }

  /// The demo's fixed "now" when the store was made from demo data.
  public func demoNow() -> Date? {
    try? store.demoNow()
  }
}
