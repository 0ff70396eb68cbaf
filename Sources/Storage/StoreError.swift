import Foundation

/// Why the store could not do what was asked, in words a customer can act on. The
/// Services layer turns these into its own `ServiceError`.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file is not a ProxyDash store, or is damaged; it was left untouched.
  case unreadable(path: String, reason: String)
  /// A newer ProxyDash wrote this store: it is never migrated down.
  case tooNew(path: String)
  /// Another process held the database longer than the busy timeout.
  case busy(path: String)
  /// The account changed since it was read (optimistic concurrency).
  case changedElsewhere
  /// Refused because something it needs is missing or already there.
  case conflict(String)
  /// Anything else: disk full, read-only folder, I/O error.
  case failed(String)

  public var description: String {
    switch self {
    case .unreadable(let path, let reason): "Cannot open the store \(path): \(reason)"
    case .tooNew(let path):
      "The store \(path) was written by a newer ProxyDash; update ProxyDash to open it."
    case .busy(let path): "The store at \(path) is busy (another ProxyDash is writing); try again."
    case .changedElsewhere: "This account was changed elsewhere."
    case .conflict(let message): message
    case .failed(let message): message
    }
  }
}
