package com.authlete.sdk

import com.sun.jna.Library
import com.sun.jna.NativeLibrary
import com.sun.jna.Platform
import java.io.File
import java.net.JarURLConnection
import java.nio.file.Files
import java.nio.file.StandardCopyOption

/**
 * Where the native libraries are loaded from, settled once before uniffi's code first loads ours.
 *
 * JNA's default, for a library inside a jar, is to inflate it into a new temporary file at
 * every start: ours, a few megabytes, and JNA's own `jnidispatch`. Here each is written once
 * into a cache directory, under a name made of the jar entry's platform, size and CRC, and
 * loaded from there by every later start (uniffi's `uniffi.component.<name>.libraryOverride`
 * and JNA's `jna.boot.library.path`, set here). A library the user points at (those
 * properties, or `jna.library.path`) is left alone, and any failure falls back to JNA's default.
 *
 * Also, unless `jna.platform.library.path` is set, JNA runs `/sbin/ldconfig -p` when it first
 * loads any library, to list more directories to search; our library does not need them, so the
 * standard directories are set in its place (bench/OPTIMISATIONS.md, item 41).
 *
 * Settings (system properties): `authlete.native.cache` (a directory; `false` turns the cache
 * off), `authlete.jna.ldconfig=true` (let JNA run ldconfig).
 */
internal object NativeLoading {
    private const val LIBRARY = "authlete_uniffi"
    private val COMPONENTS = listOf("authlete", "authlete_uniffi")

    // The library's file when known without JNA: the user's override or the cached copy.
    private val libraryPath: String?

    init {
        var path: String? = null
        try {
            skipLdconfig()
            cachedJnaDispatch()
            path = userLibrary() ?: cachedLibrary()?.also { cached ->
                for (c in COMPONENTS) System.setProperty("uniffi.component.$c.libraryOverride", cached)
            }
        } catch (_: Exception) {
            // JNA's default loading.
        }
        libraryPath = path
    }

    /** Makes sure the loading is settled (the first reference runs it). */
    fun ready() = Unit

    /**
     * Loads the library for [NativeJni]'s functions: the file uniffi loads too, or, when only
     * JNA knows where it is (its search path, or its copy out of the jar), the file JNA loaded.
     */
    fun loadForJni() {
        val path = libraryPath ?: NativeLibrary.getInstance(
            System.getProperty("uniffi.component.$LIBRARY.libraryOverride") ?: LIBRARY,
            mapOf(Library.OPTION_CLASSLOADER to NativeLoading::class.java.classLoader),
        ).file.absolutePath
        System.load(path)
    }

    private fun userLibrary(): String? =
        System.getProperty("uniffi.component.$LIBRARY.libraryOverride")?.takeIf { File(it).isAbsolute && File(it).isFile }

    private fun skipLdconfig() {
        if (System.getProperty("authlete.jna.ldconfig") == "true" || System.getProperty("jna.platform.library.path") != null) return
        if (!Platform.isLinux()) return
        // JNA's own list before it adds ldconfig's (NativeLibrary's static initialiser).
        val arch = if (Platform.is64Bit()) "64" else ""
        val cpu = if (!Platform.isIntel()) Platform.ARCH else if (Platform.is64Bit()) "x86_64" else "i386"
        val multiarch = "$cpu-linux-gnu"
        val dirs = listOf("/usr/lib/$multiarch", "/lib/$multiarch", "/usr/lib$arch", "/lib$arch", "/usr/lib", "/lib")
            .distinct().filter { File(it).isDirectory }
        if (dirs.isNotEmpty()) System.setProperty("jna.platform.library.path", dirs.joinToString(File.pathSeparator))
    }

    private fun cachedLibrary(): String? {
        if (COMPONENTS.any { System.getProperty("uniffi.component.$it.libraryOverride") != null }) return null
        if (System.getProperty("jna.library.path") != null) return null
        return cached("${Platform.RESOURCE_PREFIX}/${System.mapLibraryName(LIBRARY)}", NativeLoading::class.java.classLoader, cacheRoot())
            ?.absolutePath
    }

    // JNA's own native part, which it would otherwise extract at every start too (through
    // File.createTempFile, whose SecureRandom is itself costly to start). Read from JNA's jar
    // through Platform, which unlike Native loads nothing native.
    private fun cachedJnaDispatch() {
        if (System.getProperty("jna.boot.library.path") != null || System.getProperty("jna.boot.library.name") != null) return
        val name = System.mapLibraryName("jnidispatch")
        val file = cached("com/sun/jna/${Platform.RESOURCE_PREFIX}/$name", Platform::class.java.classLoader, cacheRoot()) ?: return
        System.setProperty("jna.boot.library.path", file.parent)
    }

    /**
     * The resource [path] of [loader] as a file: itself when it is one, else its copy under
     * [root] (made when missing or of another size); null when it is not found or [root] is.
     */
    internal fun cached(path: String, loader: ClassLoader, root: File?): File? {
        val url = loader.getResource(path) ?: return null
        if (url.protocol == "file") return File(url.toURI())
        val connection = url.openConnection() as? JarURLConnection ?: return null
        connection.useCaches = false
        val entry = connection.jarEntry
        if (entry.size < 0 || entry.crc < 0) return null
        val name = path.substringAfterLast('/')
        val key = "${path.substringBeforeLast('/').replace('/', '-')}-${entry.size}-${java.lang.Long.toHexString(entry.crc)}"
        if (root == null) return null
        val dir = File(root, key)
        val target = File(dir, name)
        if (target.isFile && target.length() == entry.size) return target
        dir.mkdirs()
        // Written beside it and renamed, so that another process never loads a partial file.
        val partial = Files.createTempFile(dir.toPath(), name, ".part")
        try {
            connection.inputStream.use { input -> Files.copy(input, partial, StandardCopyOption.REPLACE_EXISTING) }
            if (Files.size(partial) != entry.size) return null
            Files.move(partial, target.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING)
        } finally {
            Files.deleteIfExists(partial)
        }
        return target
    }

    private fun cacheRoot(): File? {
        val setting = System.getProperty("authlete.native.cache")
        if (setting == "false") return null
        if (!setting.isNullOrEmpty()) return File(setting)
        val xdg = System.getenv("XDG_CACHE_HOME")
        val base = if (!xdg.isNullOrEmpty()) File(xdg) else File(System.getProperty("user.home"), ".cache")
        return File(base, "authlete-sdk")
    }
}
