package dev.coord;

/**
 * CreateParents says how {@link CoordClient#create(String, byte[], CreateMode, CreateParents)} creates
 * a node's missing ancestors (as Curator's {@code creatingParentsIfNeeded} and
 * {@code creatingParentContainersIfNeeded}). Ancestors that exist are left as they are.
 */
public enum CreateParents {
    /** Missing ancestors are created as persistent nodes with no data. */
    PERSISTENT,
    /**
     * Missing ancestors are created as containers with no data: each is deleted once it has had a child
     * and has none left.
     */
    CONTAINER;

    /** The create mode of an ancestor created this way. */
    CreateMode mode() {
        return this == PERSISTENT ? CreateMode.PERSISTENT : CreateMode.CONTAINER;
    }
}
