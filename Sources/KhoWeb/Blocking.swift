import NIOPosix

/// The library's calls read SQLite and files synchronously: they run on NIO's thread pool, not on
/// the threads that serve connections, so one slow search does not hold up every other request.
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await NIOThreadPool.singleton.runIfActive(work)
}
