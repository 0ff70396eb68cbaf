/// A demo-data file that cannot be used, naming the file and the entry, so whoever
/// edited it knows where to look.
public struct DemoDataError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The file's name inside the demo-data folder, e.g. `personas.json`.
  public var file: String
  public var message: String

  public init(file: String, message: String) {
    self.file = file
    self.message = message
  }

  public var description: String { "demo-data/\(file): \(message)" }
}
