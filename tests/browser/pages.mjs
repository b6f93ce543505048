// Page objects: how a person reaches each screen, by role and accessible name.

export const TPS_ITEMS = [
  'If you make a mistake on this team, it is often held against you.',
  'Members of this team are able to bring up problems and tough issues.',
  'People on this team sometimes reject others for being different.',
  'It is safe to take a risk on this team.',
  'It is difficult to ask other members of this team for help.',
  'No one on this team would deliberately act in a way that undermines my efforts.',
  'Working with members of this team, my unique skills and talents are valued and utilized.',
];

export const ACCURACY_LABELS = [
  'Very inaccurate', 'Mostly inaccurate', 'Slightly inaccurate', 'Neither accurate nor inaccurate',
  'Slightly accurate', 'Mostly accurate', 'Very accurate',
];

export function question(page, text) {
  return page.getByRole('group', { name: text });
}

/** Answers with the mouse: value n is the n-th option (1-based). */
export async function answerByClick(page, items, values) {
  for (let i = 0; i < items.length; i++) {
    if (values[i] == null) continue;
    await question(page, items[i]).getByRole('radio', { name: ACCURACY_LABELS[values[i] - 1], exact: true }).check();
  }
}

export async function openCompare(page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Compare result files' }).click();
  await page.getByRole('heading', { level: 1, name: 'Compare result files' }).waitFor();
}

export async function openSurvey(page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Survey' }).click();
}
