// Name pools for generated people, by culture, with the accents, particles and name orders real
// client books have. Nicknames feed the deliberate near-duplicates the matching engine should find.

export interface Culture {
  key: string;
  given: readonly string[];
  family: readonly string[];
  /** Family name usually written first (so a swapped entry is a plausible mistake). */
  familyFirst?: boolean;
}

export const cultures: readonly Culture[] = [
  {
    key: 'english',
    given: ['James', 'Olivia', 'William', 'Emma', 'Robert', 'Charlotte', 'Elizabeth', 'Henry', 'Katherine', 'Benjamin', 'Margaret', 'Thomas',
      'Amelia', 'Samuel', 'Grace', 'Daniel', 'Chloe', 'Matthew', 'Eleanor', 'Jack', 'Sophie', 'Oliver', 'Lucy', 'Edward', 'Victoria', 'Michael',
      'Jennifer', 'Christopher', 'Rebecca', 'Andrew', 'Patricia', 'Richard', 'Susan', 'Joseph', 'Deborah', 'Anthony', 'Jessica', 'Nicholas'],
    family: ['Smith', 'Johnson', 'Williams', 'Brown', 'Taylor', 'Wilson', 'Thompson', 'Walker', 'Wright', 'Robinson', 'Hughes', 'Edwards',
      'Clarke', 'Harrison', "O'Connor", "O'Brien", 'McAllister', 'Fitzgerald', 'Bennett', 'Carter', 'Mitchell', 'Sullivan', 'Reynolds', 'Hayes',
      'Campbell', 'Stewart', 'Morgan', 'Cooper', 'Ward', 'Brooks', 'Kelly', 'Howard', 'Price', 'Ellis', 'Graham', 'Palmer', 'Whitfield', 'Ashworth'],
  },
  {
    key: 'german',
    given: ['Jürgen', 'Lukas', 'Lena', 'Anna', 'Felix', 'Katharina', 'Maximilian', 'Sophie', 'Jonas', 'Hannah', 'Matthias', 'Sabine', 'Stefan',
      'Ulrike', 'Klaus', 'Brigitte', 'Dieter', 'Jörg', 'Günter', 'Bärbel', 'Wolfgang', 'Annegret', 'Friedrich', 'Ursula'],
    family: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Schäfer', 'Koch', 'Bauer',
      'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Krüger', 'Hartmann', 'Lange', 'Köhler', 'von Bülow', 'Weiß'],
  },
  {
    key: 'french',
    given: ['François', 'Amélie', 'Hélène', 'Jérôme', 'Céline', 'Benoît', 'Élodie', 'Mathieu', 'Camille', 'Léa', 'Chloé', 'Théo', 'Antoine',
      'Margaux', 'Inès', 'Raphaël', 'Noémie', 'Gaël', 'Loïc', 'Anaïs', 'Stéphane', 'Aurélie', 'Frédéric', 'Isabelle'],
    family: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre',
      'Michel', 'Fournier', 'Girard', 'Bonnet', 'Dupont', 'Lambert', 'Fontaine', 'Rousseau', 'Mercier', 'Blanchard', 'Faure', 'de la Roche', 'Bélanger'],
  },
  {
    key: 'spanish',
    given: ['José', 'María', 'Javier', 'Lucía', 'Sofía', 'Alejandro', 'Carmen', 'Andrés', 'Martín', 'Valentina', 'Joaquín', 'Ana', 'Raúl', 'Inés',
      'Francisco', 'Guadalupe', 'Santiago', 'Mónica'],
    family: ['García', 'Rodríguez', 'Martínez', 'Hernández', 'López', 'González', 'Pérez', 'Sánchez', 'Ramírez', 'Torres', 'Flores', 'Núñez',
      'Jiménez', 'Ortiz', 'Castillo', 'Vargas', 'Muñoz', 'Domínguez'],
  },
  {
    key: 'italian',
    given: ['Giuseppe', 'Giulia', 'Alessandro', 'Francesca', 'Matteo', 'Chiara', 'Lorenzo', 'Federica', 'Niccolò', 'Elena', 'Giovanni', 'Beatrice'],
    family: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'De Luca'],
  },
  {
    key: 'slavic',
    given: ['Łukasz', 'Małgorzata', 'Paweł', 'Agnieszka', 'Krzysztof', 'Zofia', 'Wojciech', 'Olena', 'Mykola', 'Oksana', 'Taras', 'Iryna', 'Dmytro', 'Katarzyna'],
    family: ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamiński', 'Lewandowski', 'Zieliński', 'Shevchenko', 'Kovalenko',
      'Bondarenko', 'Tkachenko', 'Kravchenko', 'Dąbrowski'],
  },
  {
    key: 'nordic',
    given: ['Søren', 'Åsa', 'Björn', 'Ingrid', 'Lars', 'Sigrid', 'Mikael', 'Astrid', 'Henrik', 'Freja', 'Jørgen', 'Maja'],
    family: ['Andersen', 'Nielsen', 'Hansen', 'Johansson', 'Lindqvist', 'Eriksson', 'Søndergaard', 'Bergström', 'Halvorsen', 'Østergaard', 'Lindgren'],
  },
  {
    key: 'indian',
    given: ['Priya', 'Arjun', 'Ananya', 'Rahul', 'Aditi', 'Vikram', 'Kavya', 'Rohan', 'Sanjay', 'Lakshmi', 'Deepak', 'Neha', 'Arun', 'Meera'],
    family: ['Sharma', 'Patel', 'Gupta', 'Iyer', 'Reddy', 'Nair', 'Singh', 'Mehta', 'Kapoor', 'Chatterjee', 'Rao', 'Menon', 'Desai', 'Krishnan'],
  },
  {
    key: 'chinese',
    familyFirst: true,
    given: ['Wei', 'Jing', 'Hao', 'Xin', 'Mei', 'Jun', 'Yan', 'Lei', 'Ying', 'Zhiwei', 'Xiaoling', 'Jian'],
    family: ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Xu', 'Sun', 'Lin'],
  },
  {
    key: 'japanese',
    familyFirst: true,
    given: ['Hiroshi', 'Yuki', 'Haruto', 'Sakura', 'Takeshi', 'Aiko', 'Kenji', 'Yui', 'Sota', 'Hana', 'Ryota', 'Emi'],
    family: ['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura', 'Kobayashi', 'Kato'],
  },
  {
    key: 'west-african',
    given: ['Kwame', 'Amara', 'Chidi', 'Ngozi', 'Kofi', 'Adaeze', 'Emeka', 'Abena', 'Oluwaseun', 'Yaw', 'Chiamaka', 'Tunde'],
    family: ['Okafor', 'Mensah', 'Adeyemi', 'Okonkwo', 'Boateng', 'Nwosu', 'Asante', 'Eze', 'Owusu', 'Adebayo', 'Oyelaran'],
  },
  {
    key: 'arabic',
    given: ['Fatima', 'Omar', 'Layla', 'Youssef', 'Aisha', 'Karim', 'Nour', 'Hassan', 'Yasmin', 'Tariq', 'Samir', 'Rania'],
    family: ['Haddad', 'Khoury', 'Mansour', 'Nasser', 'Saleh', 'Hamdan', 'Farouk', 'El-Amin', 'Aziz', 'Rahman', 'Khalil'],
  },
];

/** Which cultures' names are common where a contact lives (the rest come from anywhere). */
export const culturesByCountry: Record<string, readonly string[]> = {
  US: ['english', 'english', 'spanish', 'italian', 'indian', 'chinese', 'west-african', 'arabic'],
  CA: ['english', 'french', 'chinese', 'indian', 'italian'],
  GB: ['english', 'english', 'indian', 'west-african', 'slavic', 'arabic'],
  IE: ['english'],
  DE: ['german', 'german', 'slavic', 'arabic', 'italian'],
  FR: ['french', 'french', 'arabic', 'west-african', 'spanish'],
  CH: ['german', 'french', 'italian'],
  AU: ['english', 'english', 'chinese', 'indian', 'italian'],
};

/** Short forms people go by; a contact entered twice often appears once under each. */
export const nicknames: Record<string, readonly string[]> = {
  William: ['Bill', 'Will'], Robert: ['Bob', 'Rob'], Elizabeth: ['Liz', 'Beth'], Katherine: ['Kate', 'Katie'], Margaret: ['Maggie', 'Peggy'],
  James: ['Jim', 'Jamie'], Thomas: ['Tom'], Benjamin: ['Ben'], Samuel: ['Sam'], Daniel: ['Dan', 'Danny'], Matthew: ['Matt'], Edward: ['Ted', 'Ed'],
  Victoria: ['Vicky'], Michael: ['Mike'], Jennifer: ['Jen', 'Jenny'], Christopher: ['Chris'], Rebecca: ['Becky'], Andrew: ['Andy', 'Drew'],
  Patricia: ['Pat', 'Trish'], Richard: ['Rick', 'Dick'], Susan: ['Sue'], Joseph: ['Joe'], Deborah: ['Debbie'], Anthony: ['Tony'],
  Jessica: ['Jess'], Nicholas: ['Nick'], Maximilian: ['Max'], Katharina: ['Kathi'], Matthias: ['Matze'], Friedrich: ['Fritz'],
  Alessandro: ['Sandro'], Giuseppe: ['Beppe'], Francesca: ['Franca'], Giovanni: ['Gianni'], José: ['Pepe'], Alejandro: ['Alex'],
  Francisco: ['Paco'], Guadalupe: ['Lupe'], Krzysztof: ['Krzysiek'], Małgorzata: ['Gosia'], Katarzyna: ['Kasia'], Dmytro: ['Dima'],
  Mykola: ['Kolya'], Oluwaseun: ['Seun'], Frédéric: ['Fred'], Stéphane: ['Steph'],
};

/** How a name is typed on a keyboard without its accents (the usual import mistake). */
export const transliterations: ReadonlyArray<readonly [RegExp, string]> = [
  [/ä/g, 'ae'], [/ö/g, 'oe'], [/ü/g, 'ue'], [/Ä/g, 'Ae'], [/Ö/g, 'Oe'], [/Ü/g, 'Ue'], [/ß/g, 'ss'], [/ø/g, 'oe'], [/Ø/g, 'Oe'], [/å/g, 'aa'], [/Å/g, 'Aa'],
];

export const prefixes = ['Mr', 'Ms', 'Mrs', 'Dr', 'Prof'] as const;
export const suffixes = ['Jr.', 'Sr.', 'II', 'III', 'CFA', 'PhD'] as const;
