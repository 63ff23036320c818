/// The previews kho makes of an item for people to look at (derivatives of the stored bytes, never
/// objects): a thumbnail for grids and a large view for the item's page, each fitted in a square
/// of this many pixels, never enlarged.
public enum PreviewSize: Int, CaseIterable, Sendable, Codable {
    case small = 256
    case large = 1280
}
