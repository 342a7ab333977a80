package io.thalamus.diffusion.data;

import java.util.Map;

/**
 * A 5×7 pixel font of twelve capital letters, defined here so that rendered characters are identical on every
 * machine (system fonts differ, and a JDK without fontconfig has none).
 */
public final class BitmapFont {

    /** The characters the font can draw, in the order judges number them. */
    public static final String ALPHABET = "ABCEFHKLOTXZ";
    public static final int WIDTH = 5;
    public static final int HEIGHT = 7;

    private static final Map<Character, String[]> GLYPHS = Map.ofEntries(
            Map.entry('A', new String[] {".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"}),
            Map.entry('B', new String[] {"####.", "#...#", "#...#", "####.", "#...#", "#...#", "####."}),
            Map.entry('C', new String[] {".####", "#....", "#....", "#....", "#....", "#....", ".####"}),
            Map.entry('E', new String[] {"#####", "#....", "#....", "####.", "#....", "#....", "#####"}),
            Map.entry('F', new String[] {"#####", "#....", "#....", "####.", "#....", "#....", "#...."}),
            Map.entry('H', new String[] {"#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"}),
            Map.entry('K', new String[] {"#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#"}),
            Map.entry('L', new String[] {"#....", "#....", "#....", "#....", "#....", "#....", "#####"}),
            Map.entry('O', new String[] {".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."}),
            Map.entry('T', new String[] {"#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."}),
            Map.entry('X', new String[] {"#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#"}),
            Map.entry('Z', new String[] {"#####", "....#", "...#.", "..#..", ".#...", "#....", "#####"}));

    private BitmapFont() {
    }

    /** Whether pixel (x, y) of the character's glyph is ink; (0, 0) is the top left. */
    public static boolean ink(char character, int x, int y) {
        String[] glyph = GLYPHS.get(character);
        if (glyph == null) {
            throw new IllegalArgumentException("'" + character + "' is not in the alphabet " + ALPHABET);
        }
        return glyph[y].charAt(x) == '#';
    }
}
