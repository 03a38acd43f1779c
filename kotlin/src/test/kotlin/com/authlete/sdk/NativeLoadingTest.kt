package com.authlete.sdk

import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.net.URLClassLoader
import java.nio.file.Files
import java.nio.file.Path
import java.util.jar.JarEntry
import java.util.jar.JarOutputStream

class NativeLoadingTest {
    @TempDir
    lateinit var dir: Path

    @Test
    fun aLibraryInAJarIsCopiedOnceIntoTheCacheAndLoadedFromThere() {
        val content = ByteArray(100_000) { (it % 251).toByte() }
        val jar = dir.resolve("lib.jar")
        JarOutputStream(Files.newOutputStream(jar)).use {
            it.putNextEntry(JarEntry("plat/libx.so"))
            it.write(content)
            it.closeEntry()
        }
        URLClassLoader(arrayOf(jar.toUri().toURL()), null).use { loader ->
            val root = dir.resolve("cache").toFile()
            val first = NativeLoading.cached("plat/libx.so", loader, root)!!
            assertArrayEquals(content, Files.readAllBytes(first.toPath()))
            // Named by the entry's place, size and CRC, so another build gets another file.
            assertTrue(first.parentFile.name.startsWith("plat-100000-"), first.parentFile.name)
            assertEquals("libx.so", first.name)

            // A later start finds it and does not write it again.
            first.setLastModified(1_000_000_000_000)
            val again = NativeLoading.cached("plat/libx.so", loader, root)!!
            assertEquals(first, again)
            assertEquals(1_000_000_000_000, again.lastModified())

            // A damaged copy (another size) is replaced.
            Files.write(first.toPath(), byteArrayOf(1))
            assertArrayEquals(content, Files.readAllBytes(NativeLoading.cached("plat/libx.so", loader, root)!!.toPath()))
            assertEquals(listOf("libx.so"), first.parentFile.list()!!.toList(), "no partial file is left behind")

            // Without a cache, or without the resource: JNA's own loading.
            assertNull(NativeLoading.cached("plat/libx.so", loader, null))
            assertNull(NativeLoading.cached("plat/missing.so", loader, root))
        }
    }

    @Test
    fun aLibraryThatIsAlreadyAFileIsUsedWhereItIs() {
        val file = Files.write(dir.resolve("liby.so"), byteArrayOf(1, 2, 3))
        URLClassLoader(arrayOf(dir.toUri().toURL()), null).use { loader ->
            assertEquals(file.toFile().canonicalFile, NativeLoading.cached("liby.so", loader, null)!!.canonicalFile)
        }
    }
}
